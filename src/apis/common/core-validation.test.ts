import { test } from "node:test";
import assert from "node:assert/strict";
import {
  base64Problem,
  cidrFamily,
  isIPv6,
  isValidIP,
  validateDataKeys,
  validateImmutableContents,
  validateNonSpecialIP,
  validateProtocol,
} from "./core-validation.js";
import { causes } from "./_core-test-kit.js";

test("isValidIP and isIPv6 read addresses as Go's net package does", () => {
  const cases: [string, boolean, boolean][] = [
    ["10.0.0.1", true, false],
    ["2001:db8::1", true, true],
    ["::ffff:10.0.0.1", true, false],
    ["::", true, true],
    ["fe80::1%eth0", false, false],
    ["10.0.0", false, false],
    ["", false, false],
  ];
  for (const [value, valid, v6] of cases) {
    assert.equal(isValidIP(value), valid, value);
    assert.equal(isIPv6(value), v6, value);
  }
});

test("validateNonSpecialIP refuses unspecified, loopback and link-local addresses", () => {
  const cases: [string, string[]][] = [
    ["10.1.2.3", []],
    ["2001:db8::5", []],
    ["0.0.0.0", ["ip: Invalid value: \"0.0.0.0\": may not be unspecified (0.0.0.0)"]],
    ["::", ["ip: Invalid value: \"::\": may not be unspecified (::)"]],
    ["127.0.0.2", ["ip: Invalid value: \"127.0.0.2\": may not be in the loopback range (127.0.0.0/8, ::1/128)"]],
    ["::1", ["ip: Invalid value: \"::1\": may not be in the loopback range (127.0.0.0/8, ::1/128)"]],
    ["169.254.1.1", ["ip: Invalid value: \"169.254.1.1\": may not be in the link-local range (169.254.0.0/16, fe80::/10)"]],
    ["fe80::1", ["ip: Invalid value: \"fe80::1\": may not be in the link-local range (169.254.0.0/16, fe80::/10)"]],
    ["224.0.0.5", ["ip: Invalid value: \"224.0.0.5\": may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"]],
    ["ff02::2", ["ip: Invalid value: \"ff02::2\": may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"]],
    ["::ffff:127.0.0.1", ["ip: Invalid value: \"::ffff:127.0.0.1\": may not be in the loopback range (127.0.0.0/8, ::1/128)"]],
    ["bogus", ["ip: Invalid value: \"bogus\": must be a valid IP address"]],
  ];
  for (const [value, want] of cases) assert.deepEqual(causes(validateNonSpecialIP(value, "ip")), want, value);
});

test("cidrFamily accepts prefixes in range for the address family", () => {
  const cases: [string, string | undefined][] = [
    ["10.0.0.0/8", "IPv4"],
    ["10.0.0.0/32", "IPv4"],
    ["10.0.0.0/33", undefined],
    ["fd00::/64", "IPv6"],
    ["fd00::/129", undefined],
    ["10.0.0.0", undefined],
    ["10.0.0.0/x", undefined],
  ];
  for (const [value, want] of cases) assert.equal(cidrFamily(value), want, value);
});

test("validateProtocol requires one of TCP, UDP and SCTP", () => {
  assert.deepEqual(causes(validateProtocol("TCP", "p")), []);
  assert.deepEqual(causes(validateProtocol(undefined, "p")), ["p: Required value"]);
  assert.deepEqual(causes(validateProtocol("tcp", "p")), ['p: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"']);
});

test("base64Problem reports the offset Go's decoder would", () => {
  const cases: [string, string | undefined][] = [
    ["aGVsbG8=", undefined],
    ["aGVsbG8h", undefined],
    ["aGVs\nbG8=", undefined],
    ["", undefined],
    ["aGVsbG8", "illegal base64 data at input byte 4"],
    ["aGV$bG8=", "illegal base64 data at input byte 3"],
    ["aG=sbG8=", "illegal base64 data at input byte 2"],
  ];
  for (const [value, want] of cases) assert.equal(base64Problem(value), want, value);
});

test("validateDataKeys checks every key as a config key", () => {
  assert.deepEqual(causes(validateDataKeys({ "a.b_c-1": "", "..x": "", "a/b": "" }, "data")), [
    "data[..x]: Invalid value: \"..x\": must not start with '..'",
    "data[a/b]: Invalid value: \"a/b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
  ]);
});

test("validateImmutableContents freezes the named fields once immutable is true", () => {
  const old = { immutable: true, data: { a: "1" } };
  const cases: [Record<string, unknown>, string[]][] = [
    [{ immutable: true, data: { a: "1" } }, []],
    [{ immutable: true, data: { a: "2" } }, ["data: Forbidden: field is immutable when `immutable` is set"]],
    [{ data: { a: "1" } }, ["immutable: Forbidden: field is immutable when `immutable` is set"]],
  ];
  for (const [next, want] of cases) assert.deepEqual(causes(validateImmutableContents(next, old, ["data"])), want);
  assert.deepEqual(causes(validateImmutableContents({ data: { b: "" } }, { data: { a: "" } }, ["data"])), []);
});
