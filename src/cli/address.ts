/**
 * From the address mini listens on to the address clients use, and the
 * names its serving certificate must carry for them.
 */
import { isIP } from "node:net";
import { networkInterfaces } from "node:os";

const WILDCARDS = new Set(["0.0.0.0", "::", ""]);

/** The URL clients reach a server on `host` at: loopback when it listens on every address. */
export function clientUrl(host: string, port: number): string {
  const target = WILDCARDS.has(host) ? "127.0.0.1" : host;
  return `https://${isIP(target) === 6 ? `[${target}]` : target}:${port}`;
}

/**
 * Serving-certificate names beyond loopback and the hostname: the host
 * itself, or for a wildcard every address of this machine, so clients on
 * the network verify too.
 */
export function extraSansFor(host: string): string[] {
  if (!WILDCARDS.has(host)) return [host];
  return Object.values(networkInterfaces())
    .flatMap((addresses) => addresses ?? [])
    // Link-local IPv6 addresses (a non-zero scope) need a zone, which URLs and certificates cannot carry.
    .filter((address) => !address.internal && (address.scopeid ?? 0) === 0)
    .map((address) => address.address);
}
