/**
 * Bound service account tokens, as kube-apiserver issues and checks them:
 * ES256 JWTs from the issuer `https://kubernetes.default.svc.cluster.local`,
 * naming the service account (and the pod, secret or node they are bound to)
 * by name and uid under the `kubernetes.io` claim. A token stays valid only
 * while those objects exist with the same uids, so deleting the service
 * account or the pod revokes it.
 */
import { randomUUID } from "node:crypto";
import type { KubeObject } from "../apis/types.js";
import { isApiError } from "../machinery/status.js";
import { timestamp } from "../machinery/time.js";
import { jwks, looksLikeJwt, signJwt, verifyJwt, type JwtClaims, type ServiceAccountKey } from "../pki/index.js";
import type { User } from "./authn.js";
import type { Registry } from "./registry/index.js";

export const SERVICE_ACCOUNT_ISSUER = "https://kubernetes.default.svc.cluster.local";

interface NameAndUid {
  name: string;
  uid: string;
}

/** The `kubernetes.io` claim of a bound token. */
interface KubernetesClaim {
  namespace: string;
  serviceaccount: NameAndUid;
  pod?: NameAndUid;
  secret?: NameAndUid;
  node?: NameAndUid;
}

export interface TokenRequestOptions {
  readonly serviceAccount: KubeObject;
  readonly audiences: readonly string[];
  readonly expirationSeconds: number;
  /** The object the token is bound to (a Pod, Secret or Node), already checked to exist. */
  readonly boundObject?: KubeObject;
  /** The node of a bound pod, when it is known. */
  readonly node?: KubeObject;
  readonly now?: Date;
}

export interface IssuedToken {
  readonly token: string;
  readonly expirationTimestamp: string;
}

export type TokenAuthentication = { readonly ok: true; readonly user: User } | { readonly ok: false; readonly reason: string };

function nameAndUid(object: KubeObject): NameAndUid {
  return { name: object.metadata.name ?? "", uid: object.metadata.uid ?? "" };
}


export class ServiceAccountTokens {
  readonly #key: ServiceAccountKey;
  readonly #registry: Registry;
  /** What tokens must be meant for to authenticate to this API server (upstream's --api-audiences). */
  readonly apiAudiences: readonly string[] = [SERVICE_ACCOUNT_ISSUER];

  constructor(key: ServiceAccountKey, registry: Registry) {
    this.#key = key;
    this.#registry = registry;
  }

  issue(options: TokenRequestOptions): IssuedToken {
    const now = options.now ?? new Date();
    const issuedAt = Math.floor(now.getTime() / 1000);
    const expires = issuedAt + options.expirationSeconds;
    const account = options.serviceAccount;
    const claim: KubernetesClaim = { namespace: account.metadata.namespace ?? "", serviceaccount: nameAndUid(account) };
    const bound = options.boundObject;
    if (bound?.kind === "Pod") claim.pod = nameAndUid(bound);
    if (bound?.kind === "Secret") claim.secret = nameAndUid(bound);
    if (bound?.kind === "Node") claim.node = nameAndUid(bound);
    if (options.node) claim.node = nameAndUid(options.node);
    const claims: JwtClaims = {
      aud: [...options.audiences],
      exp: expires,
      iat: issuedAt,
      iss: SERVICE_ACCOUNT_ISSUER,
      jti: randomUUID(),
      "kubernetes.io": claim,
      nbf: issuedAt,
      sub: `system:serviceaccount:${claim.namespace}:${claim.serviceaccount.name}`,
    };
    return { token: signJwt(this.#key, claims), expirationTimestamp: timestamp(new Date(expires * 1000)) };
  }

  /** Whether a bearer token is one of ours at all; others are left to other authenticators. */
  claims(token: string): boolean {
    return looksLikeJwt(token);
  }

  /** Checks signature, issuer, time, audience and the live objects the token names. */
  async authenticate(token: string, now = new Date()): Promise<TokenAuthentication> {
    const verified = verifyJwt(this.#key, token);
    if (!verified.ok) return { ok: false, reason: verified.reason };
    const claims = verified.claims;
    if (claims.iss !== SERVICE_ACCOUNT_ISSUER) return { ok: false, reason: "token issuer is not trusted" };
    const seconds = now.getTime() / 1000;
    if (typeof claims.exp !== "number" || seconds >= claims.exp) return { ok: false, reason: "token has expired" };
    if (typeof claims.nbf === "number" && seconds < claims.nbf) return { ok: false, reason: "token is not valid yet" };
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.some((audience) => this.apiAudiences.includes(audience as string))) return { ok: false, reason: "token audiences are invalid" };
    const claim = claims["kubernetes.io"] as KubernetesClaim | undefined;
    if (!claim?.serviceaccount?.name || !claim.namespace) return { ok: false, reason: "token names no service account" };
    const checks: [string, string, NameAndUid | undefined][] = [
      ["ServiceAccount", claim.namespace, claim.serviceaccount],
      ["Pod", claim.namespace, claim.pod],
      ["Secret", claim.namespace, claim.secret],
    ];
    for (const [kind, namespace, reference] of checks) {
      if (!reference) continue;
      const problem = await this.#checkLive(kind, namespace, reference);
      if (problem) return { ok: false, reason: problem };
    }
    const extra: Record<string, string[]> = {};
    if (typeof claims.jti === "string") extra["authentication.kubernetes.io/credential-id"] = [`JTI=${claims.jti}`];
    if (claim.node) {
      extra["authentication.kubernetes.io/node-name"] = [claim.node.name];
      extra["authentication.kubernetes.io/node-uid"] = [claim.node.uid];
    }
    if (claim.pod) {
      extra["authentication.kubernetes.io/pod-name"] = [claim.pod.name];
      extra["authentication.kubernetes.io/pod-uid"] = [claim.pod.uid];
    }
    return {
      ok: true,
      user: {
        name: `system:serviceaccount:${claim.namespace}:${claim.serviceaccount.name}`,
        uid: claim.serviceaccount.uid,
        groups: ["system:serviceaccounts", `system:serviceaccounts:${claim.namespace}`, "system:authenticated"],
        extra,
      },
    };
  }

  /** `/openid/v1/jwks`. */
  jwks(): { keys: Record<string, unknown>[] } {
    return jwks(this.#key);
  }

  /** `/.well-known/openid-configuration`, pointing at our JWKS as upstream does. */
  openIdConfiguration(): Record<string, unknown> {
    return {
      issuer: SERVICE_ACCOUNT_ISSUER,
      jwks_uri: `${SERVICE_ACCOUNT_ISSUER}/openid/v1/jwks`,
      response_types_supported: ["id_token"],
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: ["ES256"],
    };
  }

  async #checkLive(kind: string, namespace: string, reference: NameAndUid): Promise<string | undefined> {
    const plural = `${kind.toLowerCase()}s`;
    try {
      const live = (await this.#registry.forKind("", kind).get(namespace, reference.name)).object;
      if (live.metadata.deletionTimestamp) return `${kind.toLowerCase()} ${namespace}/${reference.name} is being deleted`;
      if (live.metadata.uid !== reference.uid) return `${kind.toLowerCase()} UID (${live.metadata.uid ?? ""}) does not match claim (${reference.uid})`;
      return undefined;
    } catch (error: unknown) {
      if (isApiError(error, 404)) return `${plural} "${reference.name}" not found`;
      throw error;
    }
  }
}

// The token service belongs to one registry's API server; handlers reach it through their registry.
const services = new WeakMap<Registry, ServiceAccountTokens>();

export function attachTokens(registry: Registry, tokens: ServiceAccountTokens): void {
  services.set(registry, tokens);
}

export function tokensOf(registry: Registry): ServiceAccountTokens {
  const tokens = services.get(registry);
  if (!tokens) throw new Error("No service account token service is attached to this registry");
  return tokens;
}
