/**
 * Packing addresses into Endpoints subsets (upstream's RepackSubsets): one
 * subset per distinct set of addresses, holding every port those addresses
 * serve, each address listed once as ready or not ready (ready wins), all
 * in a stable order so an unchanged service writes nothing. Past 1000
 * addresses the list is truncated, ready addresses first.
 */

export interface ObjectReference {
  kind: string;
  namespace: string;
  name: string;
  uid: string;
}

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: ObjectReference;
}

export interface EndpointPort {
  name?: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

/** One address serving one port (or, for a headless service without ports, no port). */
export interface AddressEntry {
  readonly address: EndpointAddress;
  readonly port: EndpointPort | undefined;
  readonly ready: boolean;
}

/** Upstream's maxCapacity: an Endpoints object keeps at most this many addresses. */
export const MAX_ENDPOINT_ADDRESSES = 1000;

function addressKey(address: EndpointAddress): string {
  return `${address.ip}/${address.targetRef?.uid ?? ""}`;
}

function portKey(port: EndpointPort | undefined): string {
  return port ? `${port.name ?? ""}/${port.port}/${port.protocol}/${port.appProtocol ?? ""}` : "";
}

function compareAddresses(a: EndpointAddress, b: EndpointAddress): number {
  return a.ip.localeCompare(b.ip) || (a.targetRef?.uid ?? "").localeCompare(b.targetRef?.uid ?? "");
}

export function repackSubsets(entries: readonly AddressEntry[]): EndpointSubset[] {
  const addresses = new Map<string, EndpointAddress>();
  // Port → (address → ready).
  const byPort = new Map<string, { port: EndpointPort | undefined; ready: Map<string, boolean> }>();
  for (const { address, port, ready } of entries) {
    const key = addressKey(address);
    addresses.set(key, address);
    let group = byPort.get(portKey(port));
    if (!group) byPort.set(portKey(port), (group = { port, ready: new Map() }));
    group.ready.set(key, ready || group.ready.get(key) === true);
  }
  // Address set (with readiness) → the ports it serves.
  const bySignature = new Map<string, { ports: EndpointPort[]; ready: Map<string, boolean> }>();
  for (const { port, ready } of byPort.values()) {
    const signature = [...ready].map(([key, isReady]) => `${key}=${isReady}`).sort().join(",");
    let subset = bySignature.get(signature);
    if (!subset) bySignature.set(signature, (subset = { ports: [], ready }));
    if (port) subset.ports.push(port);
  }
  const subsets = [...bySignature.values()].map(({ ports, ready }) => {
    const pick = (wanted: boolean) =>
      [...ready].filter(([, isReady]) => isReady === wanted).map(([key]) => addresses.get(key) as EndpointAddress).sort(compareAddresses);
    const subset: EndpointSubset = {};
    const readyAddresses = pick(true);
    const notReady = pick(false);
    if (readyAddresses.length) subset.addresses = readyAddresses;
    if (notReady.length) subset.notReadyAddresses = notReady;
    if (ports.length) subset.ports = ports.sort((a, b) => portKey(a).localeCompare(portKey(b)));
    return subset;
  });
  const first = (s: EndpointSubset) => (s.addresses ?? s.notReadyAddresses ?? [])[0]?.ip ?? "";
  return subsets.sort((a, b) => first(a).localeCompare(first(b)) || portKey(a.ports?.[0]).localeCompare(portKey(b.ports?.[0])));
}

/** Cuts the subsets down to MAX_ENDPOINT_ADDRESSES addresses, ready ones first; true if anything was cut. */
export function truncateSubsets(subsets: EndpointSubset[]): boolean {
  const count = (list: "addresses" | "notReadyAddresses") => subsets.reduce((n, s) => n + (s[list]?.length ?? 0), 0);
  if (count("addresses") + count("notReadyAddresses") <= MAX_ENDPOINT_ADDRESSES) return false;
  let room = MAX_ENDPOINT_ADDRESSES;
  for (const list of ["addresses", "notReadyAddresses"] as const) {
    for (const subset of subsets) {
      const kept = (subset[list] ?? []).slice(0, room);
      room -= kept.length;
      if (kept.length) subset[list] = kept;
      else delete subset[list];
    }
  }
  subsets.splice(0, subsets.length, ...subsets.filter((s) => s.addresses || s.notReadyAddresses));
  return true;
}
