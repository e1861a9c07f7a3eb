/**
 * Content negotiation for `/api` and `/apis`: does the client want the
 * aggregated document, and in which version?
 *
 * kubectl sends, in order of preference:
 *   application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,
 *   application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,
 *   application/json
 * Clients built with protobuf also offer the protobuf forms first; we skip
 * those and any other type we cannot serve, and honour q-values.
 */
import type { DiscoveryVersion } from "./types.js";

interface MediaRange {
  readonly type: string;
  readonly params: ReadonlyMap<string, string>;
  readonly q: number;
}

function parseMediaRange(text: string): MediaRange {
  const [type = "", ...rawParams] = text.split(";").map((part) => part.trim());
  const params = new Map<string, string>();
  for (const raw of rawParams) {
    const eq = raw.indexOf("=");
    if (eq <= 0) continue;
    params.set(raw.slice(0, eq).trim().toLowerCase(), raw.slice(eq + 1).trim().replace(/^"(.*)"$/, "$1"));
  }
  const q = Number(params.get("q") ?? "1");
  return { type: type.toLowerCase(), params, q: Number.isFinite(q) ? q : 0 };
}

/** What one media range asks for: aggregated discovery, the legacy document, or nothing we serve. */
function classify(range: MediaRange): DiscoveryVersion | "legacy" | "unservable" {
  const group = range.params.get("g");
  const as = range.params.get("as");
  if (group === undefined && as === undefined) {
    return ["application/json", "application/*", "*/*"].includes(range.type) ? "legacy" : "unservable";
  }
  if (range.type !== "application/json" || group !== "apidiscovery.k8s.io" || as !== "APIGroupDiscoveryList") {
    return "unservable";
  }
  const version = range.params.get("v");
  return version === "v2" || version === "v2beta1" ? version : "unservable";
}

/**
 * The aggregated discovery version to answer with, or undefined for the
 * legacy document (also when the header is absent or names nothing we serve:
 * the caller then decides between the legacy document and a 406).
 */
export function wantsAggregatedDiscovery(accept: string | undefined): DiscoveryVersion | undefined {
  if (accept === undefined) return undefined;
  const ranges = accept
    .split(",")
    .filter((part) => part.trim() !== "")
    .map(parseMediaRange)
    .filter((range) => range.q > 0);
  // A stable sort keeps the client's order among equal q-values.
  ranges.sort((a, b) => b.q - a.q);
  for (const range of ranges) {
    const wanted = classify(range);
    if (wanted === "legacy") return undefined;
    if (wanted !== "unservable") return wanted;
  }
  return undefined;
}
