/**
 * Validation rules of the core networking and config kinds, with upstream's
 * wording (pkg/apis/core/validation, apimachinery's util/validation):
 * protocols, IP addresses and CIDRs, data keys and sizes, and the
 * `immutable` flag of ConfigMaps and Secrets. Generic name and port checks
 * live in validation-helpers.ts.
 */
import { isIP } from "node:net";
import { isDeepStrictEqual } from "node:util";
import { forbidden, invalid, notSupported, required, type FieldError } from "../../machinery/field-errors.js";
import { PROTOCOLS } from "./core-schemas.js";
import { configMapKeyProblems, each } from "./validation-helpers.js";

/** Whether `value` is one of a fixed list of strings, such as an upstream enum. */
export function isOneOf(values: readonly string[], value: string | undefined): boolean {
  return value !== undefined && values.includes(value);
}

/** A required enum value: Required when empty, NotSupported when unknown. */
export function validateOneOf(value: string | undefined, supported: readonly string[], field: string): FieldError[] {
  if (!value) return [required(field)];
  return supported.includes(value) ? [] : [notSupported(field, value, supported)];
}

export function validateProtocol(protocol: string | undefined, field: string): FieldError[] {
  return validateOneOf(protocol, PROTOCOLS, field);
}

/**
 * The octets of a dotted IPv4 address, leading zeros allowed (read as decimal): upstream checks
 * these fields with ParseIPSloppy, which takes them, so objects stored with such an address
 * stay valid.
 */
function ipv4Octets(value: string): number[] | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(value);
  const octets = match?.slice(1).map(Number);
  return octets?.every((octet) => octet <= 255) ? octets : undefined;
}

/** The 16-byte form of an IPv4 or IPv6 address, as Go's net.IP holds it, or undefined. */
function ipBytes(value: string): number[] | undefined {
  const v4 = ipv4Octets(value);
  if (v4) return [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...v4];
  if (isIP(value) !== 6 || value.includes("%")) return undefined;
  let text = value;
  let tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    tail = dotted[1].split(".").map(Number);
    text = `${text.slice(0, dotted.index)}0:0`;
  }
  const [head = "", rest] = text.split("::");
  const groups = (part: string | undefined) => (part ? part.split(":").map((g) => parseInt(g, 16)) : []);
  const front = groups(head);
  const back = groups(rest);
  const words = rest === undefined ? front : [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
  const bytes = words.flatMap((word) => [word >> 8, word & 0xff]);
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

function isIPv4Mapped(bytes: readonly number[]): boolean {
  return bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
}

/** Go's IsIPv6String: an IP that has no IPv4 form. */
export function isIPv6(value: string): boolean {
  const bytes = ipBytes(value);
  return bytes !== undefined && !isIPv4Mapped(bytes);
}

export function isValidIP(value: string): boolean {
  return ipBytes(value) !== undefined;
}

export function validateIP(value: string, field: string): FieldError[] {
  return isValidIP(value) ? [] : [invalid(field, value, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)")];
}

/**
 * Endpoints and external IPs may not be unspecified, loopback or link-local:
 * those addresses mean something different on every node.
 */
export function validateNonSpecialIP(value: string, field: string): FieldError[] {
  const bytes = ipBytes(value);
  if (!bytes) return [invalid(field, value, "must be a valid IP address")];
  const v4 = isIPv4Mapped(bytes) ? bytes.slice(12) : undefined;
  const errors: FieldError[] = [];
  const unspecified = v4 ? v4.every((b) => b === 0) : bytes.every((b) => b === 0);
  const loopback = v4 ? v4[0] === 127 : bytes.slice(0, 15).every((b) => b === 0) && bytes[15] === 1;
  const linkLocal = v4 ? v4[0] === 169 && v4[1] === 254 : bytes[0] === 0xfe && ((bytes[1] ?? 0) & 0xc0) === 0x80;
  const linkLocalMulticast = v4 ? v4[0] === 224 && v4[1] === 0 && v4[2] === 0 : bytes[0] === 0xff && ((bytes[1] ?? 0) & 0x0f) === 0x02;
  if (unspecified) errors.push(invalid(field, value, `may not be unspecified (${value})`));
  if (loopback) errors.push(invalid(field, value, "may not be in the loopback range (127.0.0.0/8, ::1/128)"));
  if (linkLocal) errors.push(invalid(field, value, "may not be in the link-local range (169.254.0.0/16, fe80::/10)"));
  if (linkLocalMulticast) errors.push(invalid(field, value, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"));
  return errors;
}

/** The family of a valid CIDR (`IPv4` or `IPv6`), or undefined. */
export function cidrFamily(value: string): "IPv4" | "IPv6" | undefined {
  const [address = "", prefix, extra] = value.split("/");
  if (prefix === undefined || extra !== undefined || !/^\d{1,3}$/.test(prefix)) return undefined;
  const family = isIP(address);
  if (family === 0 || Number(prefix) > (family === 4 ? 32 : 128)) return undefined;
  return family === 4 ? "IPv4" : "IPv6";
}

export function validateCIDR(value: string, field: string): FieldError[] {
  return cidrFamily(value) ? [] : [invalid(field, value, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)")];
}

export function validateDataKeys(data: Record<string, unknown> | undefined, field: string): FieldError[] {
  return Object.keys(data ?? {}).flatMap((key) => each(configMapKeyProblems(key), `${field}[${key}]`, key));
}

/** Upstream caps a Secret's data, and a ConfigMap's data and binaryData together, at 1 MiB. */
export const MAX_DATA_SIZE = 1024 * 1024;

/**
 * Why a byte field is not standard padded base64, in the words of Go's
 * decoder (which reports the offset of the first bad quantum), or undefined.
 */
export function base64Problem(value: string): string | undefined {
  const text = value.replace(/[\r\n]/g, "");
  const bad = text.search(/[^A-Za-z0-9+/=]/);
  const padding = text.indexOf("=");
  const misplacedPadding = padding >= 0 && (!/^=?$/.test(text.slice(padding + 1)) || text.length % 4 !== 0);
  if (bad >= 0) return `illegal base64 data at input byte ${bad}`;
  if (misplacedPadding) return `illegal base64 data at input byte ${padding}`;
  if (text.length % 4 !== 0) return `illegal base64 data at input byte ${text.length - (text.length % 4)}`;
  return undefined;
}

interface ImmutableContents {
  immutable?: boolean;
  [field: string]: unknown;
}

/** ConfigMaps and Secrets marked `immutable: true` may afterwards change only their metadata. */
export function validateImmutableContents(object: ImmutableContents, old: ImmutableContents, fields: readonly string[]): FieldError[] {
  if (old.immutable !== true) return [];
  const message = "field is immutable when `immutable` is set";
  const errors: FieldError[] = [];
  if (object.immutable !== true) errors.push(forbidden("immutable", message));
  for (const field of fields) {
    if (!isDeepStrictEqual(object[field] ?? {}, old[field] ?? {})) errors.push(forbidden(field, message));
  }
  return errors;
}
