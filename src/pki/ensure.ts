/**
 * The cluster's PKI on disk: created on first start, reused afterwards, with
 * leaves reissued when they no longer fit (new SANs, near expiry, a
 * mismatched or half-written pair).
 */
import { checkCa, checkLeaf } from "./checks.js";
import { pkiDir, readPair, writePair } from "./files.js";
import { attempt } from "./result.js";
import { servingSubjectAltNames } from "./sans.js";
import { createCa, issueLeaf } from "./x509.js";
import type { LeafRequest } from "./x509.js";
import type { CertificatePem, Pki, PkiPart, PkiResult } from "./types.js";

const CA_SUBJECT = { commonName: "mini-ca" } as const;
const SERVER_SUBJECT = { commonName: "mini-apiserver" } as const;
/** `system:masters` is the group Kubernetes' RBAC grants everything to. */
const ADMIN_SUBJECT = { commonName: "mini-admin", organizations: ["system:masters"] } as const;

export interface EnsurePkiOptions {
  /** More names for the serving certificate: DNS names or IP addresses. @default [] */
  readonly extraSans?: readonly string[];
  /** The clock, for renewal decisions. @default new Date() */
  readonly now?: Date;
}

export interface IssuedPart {
  readonly part: PkiPart;
  /** Why it was (re)issued: `missing`, `not valid for 10.0.0.5`… */
  readonly reason: string;
}

export interface EnsuredPki {
  readonly pki: Pki;
  /** What this call wrote; empty when everything on disk was reused. */
  readonly issued: readonly IssuedPart[];
}

/** Creates or reuses `<dataDir>/pki/` and returns its PEMs. */
export function ensurePki(dataDir: string, options: EnsurePkiOptions = {}): Promise<PkiResult<EnsuredPki>> {
  return attempt(`Cannot prepare the PKI in ${pkiDir(dataDir)}`, () => ensure(pkiDir(dataDir), options));
}

async function ensure(dir: string, options: EnsurePkiOptions): Promise<EnsuredPki> {
  const now = options.now ?? new Date();
  const issued: IssuedPart[] = [];
  const ca = await ensureCa(dir, { now, issued });
  const subjectAltNames = servingSubjectAltNames(options.extraSans ?? []);
  const progress = { ca, now, issued };
  const server = await ensureLeaf(dir, {
    ...progress,
    part: "server",
    request: { ...SERVER_SUBJECT, usage: "server", subjectAltNames },
  });
  const admin = await ensureLeaf(dir, { ...progress, part: "admin", request: { ...ADMIN_SUBJECT, usage: "client" } });
  return { pki: { ca, server, admin }, issued };
}

interface Progress {
  readonly now: Date;
  /** Collects what was written, for the caller's log. */
  readonly issued: IssuedPart[];
}

async function ensureCa(dir: string, progress: Progress): Promise<CertificatePem> {
  const stored = await readPair(dir, "ca");
  if (stored.cert === undefined && stored.key === undefined) {
    const ca = await createCa(CA_SUBJECT, progress.now);
    await writePair(dir, "ca", ca);
    progress.issued.push({ part: "ca", reason: "missing" });
    return ca;
  }
  const verdict = checkCa(stored, progress.now);
  if (!verdict.usable) throw new Error(`${verdict.reason}; remove ${dir} to create a new cluster CA`);
  return verdict.pair;
}

interface LeafPlan extends Progress {
  readonly ca: CertificatePem;
  readonly part: "server" | "admin";
  readonly request: LeafRequest;
}

async function ensureLeaf(dir: string, plan: LeafPlan): Promise<CertificatePem> {
  const stored = await readPair(dir, plan.part);
  const verdict = checkLeaf(stored, {
    ca: plan.ca.cert,
    now: plan.now,
    subjectAltNames: plan.request.subjectAltNames ?? [],
  });
  if (verdict.usable) return verdict.pair;
  const pair = await issueLeaf(plan.ca, plan.request, plan.now);
  await writePair(dir, plan.part, pair);
  plan.issued.push({ part: plan.part, reason: verdict.reason });
  return pair;
}
