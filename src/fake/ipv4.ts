/**
 * IPv4 addresses as unsigned 32-bit numbers, and CIDR blocks: what node
 * addressing and pod IP allocation compute with. Fake nodes are IPv4 only.
 */

export interface Cidr {
  /** The network address (host bits cleared). */
  readonly base: number;
  readonly prefixLength: number;
  /** Addresses in the block, network and broadcast included. */
  readonly size: number;
}

export function parseIPv4(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = value * 256 + Number(part);
  }
  return value;
}

export function formatIPv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join(".");
}

/** `10.244.1.0/24` → its block; undefined for anything else (IPv6 included). */
export function parseCidr(text: string): Cidr | undefined {
  const [address = "", length = "", ...rest] = text.split("/");
  const ip = parseIPv4(address);
  if (ip === undefined || rest.length > 0 || !/^\d{1,2}$/.test(length) || Number(length) > 32) return undefined;
  const prefixLength = Number(length);
  const size = 2 ** (32 - prefixLength);
  return { base: ip - (ip % size), prefixLength, size };
}

export function formatCidr(cidr: Cidr): string {
  return `${formatIPv4(cidr.base)}/${cidr.prefixLength}`;
}
