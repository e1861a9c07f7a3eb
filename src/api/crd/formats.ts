/**
 * The string formats a custom resource schema may name, checked the way
 * upstream's format registry does (the common ones; unknown formats pass,
 * as upstream ignores formats it does not know).
 */
import { isIP } from "node:net";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const UUID = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const HOSTNAME = /^(?=.{1,253}$)[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)*$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h|d|w))+$/;

const CHECKS: Readonly<Record<string, (value: string) => boolean>> = {
  date: (v) => DATE.test(v) && !Number.isNaN(Date.parse(v)),
  "date-time": (v) => DATE_TIME.test(v) && !Number.isNaN(Date.parse(v)),
  uuid: (v) => UUID.test(v),
  byte: (v) => BASE64.test(v),
  hostname: (v) => HOSTNAME.test(v),
  email: (v) => EMAIL.test(v),
  ipv4: (v) => isIP(v) === 4,
  ipv6: (v) => isIP(v) === 6,
  cidr: (v) => {
    const [address = "", bits = "", extra] = v.split("/");
    const family = isIP(address);
    return extra === undefined && family !== 0 && /^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
  },
  duration: (v) => DURATION.test(v),
};

/** False only when `format` is known and `value` does not have it. */
export function matchesFormat(format: string, value: string): boolean {
  return CHECKS[format]?.(value) ?? true;
}
