/**
 * Registry credentials from a pod's imagePullSecrets, matched to an image
 * as upstream's credential keyring does (pkg/credentialprovider): each
 * entry of a `kubernetes.io/dockerconfigjson` or `kubernetes.io/dockercfg`
 * Secret is keyed by host and optional path (a scheme and a `/v1/` or
 * `/v2/` prefix are dropped); an image matches a key when the port is the
 * same, the host has as many labels with each label matching its glob
 * (`*.example.com`), and the key's path is a prefix of the image's. More
 * specific keys come first; Docker Hub's `index.docker.io` entry serves
 * images without a registry host. Every match is a candidate: the pull
 * tries them in turn.
 */
import type { KubeObject } from "../apis/types.js";
import type { PullAuth } from "./runtime.js";

export interface Keyring {
  /** Keys, most specific first (reverse lexical order, as upstream sorts them). */
  readonly index: readonly string[];
  readonly credentials: ReadonlyMap<string, readonly PullAuth[]>;
}

const DOCKER_CONFIG_JSON = "kubernetes.io/dockerconfigjson";
const DOCKERCFG = "kubernetes.io/dockercfg";
const DEFAULT_REGISTRY_HOST = "index.docker.io";

interface DockerConfigEntry {
  readonly username?: unknown;
  readonly password?: unknown;
  readonly auth?: unknown;
}

/** The entries of one Secret, or nothing when it is not a docker config Secret; throws on a malformed one. */
function entriesOf(secret: KubeObject): [string, DockerConfigEntry][] {
  const record = secret as { type?: string; data?: Record<string, string> };
  const decode = (key: string): unknown => {
    const text = record.data?.[key];
    return text ? JSON.parse(Buffer.from(text, "base64").toString("utf8")) : undefined;
  };
  let config: unknown;
  if (record.type === DOCKER_CONFIG_JSON) config = (decode(".dockerconfigjson") as { auths?: unknown } | undefined)?.auths;
  else if (record.type === DOCKERCFG) config = decode(".dockercfg");
  if (config === undefined || config === null) return [];
  if (typeof config !== "object" || Array.isArray(config)) throw new Error(`secret ${secret.metadata.name ?? ""} does not hold a docker config`);
  return Object.entries(config as Record<string, DockerConfigEntry>);
}

/** An entry's `auth` (base64 of user:password) wins over its username and password, as docker's config decoding does. */
function authOf(entry: DockerConfigEntry): PullAuth {
  if (typeof entry.auth === "string" && entry.auth !== "") {
    const decoded = Buffer.from(entry.auth, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) throw new Error("unable to parse auth field, must be formatted as base64(username:password)");
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  return { username: typeof entry.username === "string" ? entry.username : "", password: typeof entry.password === "string" ? entry.password : "" };
}

/** The key an entry is filed under: host plus path, without scheme or a /v1/ or /v2/ prefix. */
function keyOf(location: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(/^https?:\/\//.test(location) ? location : `https://${location}`);
  } catch {
    return undefined;
  }
  let path = parsed.pathname;
  if (path.startsWith("/v2/") || path.startsWith("/v1/")) path = path.slice(3);
  return path !== "" && path !== "/" ? `${parsed.host}${path}` : parsed.host;
}

/** Builds the keyring of a pod's pull secrets; throws when one is malformed (the pull then fails with that). */
export function keyringOf(secrets: readonly KubeObject[]): Keyring {
  const credentials = new Map<string, PullAuth[]>();
  for (const secret of secrets) {
    for (const [location, entry] of entriesOf(secret)) {
      const key = keyOf(location);
      if (key === undefined) continue;
      credentials.set(key, [...(credentials.get(key) ?? []), authOf(entry)]);
    }
  }
  const index = [...credentials.keys()].sort().reverse();
  return { index, credentials };
}

/** The repository an image pulls from, fully qualified (`busybox:1` → `docker.io/library/busybox`), as the keyring is asked. */
export function repositoryOf(image: string): string {
  let name = image.split("@")[0] ?? image;
  const lastSlash = name.lastIndexOf("/");
  const colon = name.lastIndexOf(":");
  if (colon > lastSlash) name = name.slice(0, colon);
  const slash = name.indexOf("/");
  const first = slash < 0 ? "" : name.slice(0, slash);
  if (slash >= 0 && (first.includes(".") || first.includes(":") || first === "localhost")) {
    return first === "index.docker.io" ? `docker.io${name.slice(slash)}` : name;
  }
  return slash < 0 ? `docker.io/library/${name}` : `docker.io/${name}`;
}

function splitHost(schemeless: string): { labels: string[]; port: string; path: string } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(`https://${schemeless}`);
  } catch {
    return undefined;
  }
  return { labels: parsed.hostname.split("."), port: parsed.port, path: parsed.pathname === "/" && !schemeless.includes("/") ? "" : parsed.pathname };
}

/** filepath.Match for one host label: `*` any run of characters, `?` one character. */
function labelMatches(glob: string, label: string): boolean {
  const pattern = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${pattern}$`).test(label);
}

export function urlsMatch(glob: string, target: string): boolean {
  const g = splitHost(glob);
  const t = splitHost(target);
  if (!g || !t || g.port !== t.port || g.labels.length !== t.labels.length || !t.path.startsWith(g.path)) return false;
  return g.labels.every((label, i) => labelMatches(label, t.labels[i] ?? ""));
}

/** Whether an image (repository) pulls from Docker Hub, judged by its name. */
function isDefaultRegistryMatch(repository: string): boolean {
  const [first = "", rest] = repository.split(/\/(.*)/s);
  if (first === "") return false;
  if (rest === undefined) return true;
  if (first === "docker.io" || first === DEFAULT_REGISTRY_HOST) return true;
  return !first.includes(".") && !first.includes(":");
}

/** The credentials to try for an image, most specific first; empty when none apply (pull anonymously). */
export function credentialsFor(keyring: Keyring, image: string): PullAuth[] {
  const repository = repositoryOf(image);
  const found = keyring.index.filter((key) => urlsMatch(key, repository)).flatMap((key) => keyring.credentials.get(key) ?? []);
  if (found.length > 0) return found;
  return isDefaultRegistryMatch(repository) ? [...(keyring.credentials.get(DEFAULT_REGISTRY_HOST) ?? [])] : [];
}
