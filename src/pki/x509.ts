/**
 * Certificate generation: an ECDSA P-256 CA and the leaf certificates it
 * signs. node:crypto makes the keys and the signatures; the certificate
 * structure (RFC 5280) is written as DER here (der.ts), since Node can read
 * certificates but not build them. Names and key identifiers of a CA are
 * taken from its certificate as stored, so leaves chain to CAs made by
 * earlier versions too.
 */
import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, sign, X509Certificate } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { isIPv4 } from "node:net";
import { bitString, boolean, children, explicit, implicit, octetString, oid, readElement, sequence, set, smallInteger, time, unsignedInteger, utf8String } from "./der.js";
import type { SubjectAltName } from "./sans.js";
import type { CertificatePem } from "./types.js";

const DAY_MS = 24 * 60 * 60 * 1000;
/** The CA outlives many leaf renewals; replacing it invalidates every kubeconfig. */
const CA_VALIDITY_MS = 3650 * DAY_MS;
/** Leaves follow kubeadm's one year; `ensurePki` renews them before they lapse. */
const LEAF_VALIDITY_MS = 365 * DAY_MS;
/** Backdated so a certificate made just now verifies on a peer whose clock lags a little. */
const BACKDATE_MS = 5 * 60 * 1000;

const OID = {
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
  commonName: "2.5.4.3",
  organization: "2.5.4.10",
  subjectKeyIdentifier: "2.5.29.14",
  keyUsage: "2.5.29.15",
  subjectAltName: "2.5.29.17",
  basicConstraints: "2.5.29.19",
  authorityKeyIdentifier: "2.5.29.35",
  extKeyUsage: "2.5.29.37",
  serverAuth: "1.3.6.1.5.5.7.3.1",
  clientAuth: "1.3.6.1.5.5.7.3.2",
} as const;

/** keyUsage bits, first bit first (RFC 5280, 4.2.1.3): digitalSignature is bit 0, keyCertSign 5, cRLSign 6. */
const KEY_USAGE = { ca: bitString(Buffer.from([0x86]), 1), leaf: bitString(Buffer.from([0x80]), 7) } as const;

export interface Subject {
  readonly commonName: string;
  readonly organizations?: readonly string[];
}

export interface LeafRequest extends Subject {
  /** `server` adds the serverAuth extended key usage, `client` clientAuth. */
  readonly usage: "server" | "client";
  readonly subjectAltNames?: readonly SubjectAltName[];
}

/** A self-signed CA certificate and its key. */
export async function createCa(subject: Subject, now: Date): Promise<CertificatePem> {
  const keys = generateKeys();
  const name = encodeName(subject);
  const keyId = keyIdentifier(keys.publicKey);
  const cert = signCertificate({
    issuer: name,
    subject: name,
    publicKey: keys.publicKey,
    signingKey: keys.privateKey,
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(now.getTime() + CA_VALIDITY_MS),
    extensions: [
      extension(OID.basicConstraints, true, sequence(boolean(true), smallInteger(0))),
      extension(OID.keyUsage, true, KEY_USAGE.ca),
      extension(OID.subjectKeyIdentifier, false, octetString(keyId)),
    ],
  });
  return { cert: pem(cert, "CERTIFICATE"), key: exportKey(keys.privateKey) };
}

/** A new key and a certificate for it, signed by `ca`. */
export async function issueLeaf(ca: CertificatePem, request: LeafRequest, now: Date): Promise<CertificatePem> {
  const caCert = new X509Certificate(ca.cert);
  const issuer = storedCa(caCert.raw);
  const keys = generateKeys();
  const extensions = [
    extension(OID.basicConstraints, true, sequence()),
    extension(OID.keyUsage, true, KEY_USAGE.leaf),
    extension(OID.extKeyUsage, false, sequence(oid(request.usage === "server" ? OID.serverAuth : OID.clientAuth))),
    extension(OID.authorityKeyIdentifier, false, sequence(implicit(0, issuer.keyId ?? keyIdentifier(caCert.publicKey)))),
    extension(OID.subjectKeyIdentifier, false, octetString(keyIdentifier(keys.publicKey))),
  ];
  if (request.subjectAltNames !== undefined && request.subjectAltNames.length > 0) {
    extensions.push(extension(OID.subjectAltName, false, sequence(...request.subjectAltNames.map(generalName))));
  }
  const cert = signCertificate({
    issuer: issuer.subject,
    subject: encodeName(request),
    publicKey: keys.publicKey,
    signingKey: createPrivateKey(ca.key),
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(now.getTime() + LEAF_VALIDITY_MS),
    extensions,
  });
  return { cert: pem(cert, "CERTIFICATE"), key: exportKey(keys.privateKey) };
}

interface CertificateFields {
  readonly issuer: Buffer;
  readonly subject: Buffer;
  readonly publicKey: KeyObject;
  readonly signingKey: KeyObject;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly extensions: readonly Buffer[];
}

/** TBSCertificate (v3, a random positive serial), signed with ECDSA over SHA-256. */
function signCertificate(fields: CertificateFields): Buffer {
  const algorithm = sequence(oid(OID.ecdsaWithSha256));
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const tbs = sequence(
    explicit(0, smallInteger(2)),
    unsignedInteger(serial),
    algorithm,
    fields.issuer,
    sequence(time(fields.notBefore), time(fields.notAfter)),
    fields.subject,
    fields.publicKey.export({ type: "spki", format: "der" }),
    explicit(3, sequence(...fields.extensions)),
  );
  const signature = sign("sha256", tbs, { key: fields.signingKey, dsaEncoding: "der" });
  return sequence(tbs, algorithm, bitString(signature));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));
}

/** One RDN per attribute value, as Go's pkix.Name writes them, so each O is its own group. */
function encodeName(subject: Subject): Buffer {
  const attribute = (id: string, value: string): Buffer => set(sequence(oid(id), utf8String(value)));
  return sequence(attribute(OID.commonName, subject.commonName), ...(subject.organizations ?? []).map((o) => attribute(OID.organization, o)));
}

function generalName(name: SubjectAltName): Buffer {
  // dNSName [2] and iPAddress [7] (RFC 5280, 4.2.1.6): an IA5String's bytes, and the address's 4 or 16 bytes.
  if (name.type === "dns") return implicit(2, Buffer.from(name.value, "ascii"));
  return implicit(7, isIPv4(name.value) ? Buffer.from(name.value.split(".").map(Number)) : ipv6Bytes(name.value));
}

function ipv6Bytes(address: string): Buffer {
  const [head = "", tail = ""] = address.split("::");
  const groups = (part: string): string[] => (part === "" ? [] : part.split(":"));
  const left = groups(head);
  const right = address.includes("::") ? groups(tail) : [];
  const all = [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  return Buffer.from(all.flatMap((group) => [parseInt(group, 16) >> 8, parseInt(group, 16) & 0xff]));
}

/** The subject (as stored, byte for byte) and the subject key identifier of a CA certificate. */
function storedCa(der: Buffer): { subject: Buffer; keyId: Buffer | undefined } {
  const [tbs] = children(readElement(der).content);
  if (tbs === undefined) throw new Error("The CA certificate has no TBSCertificate");
  // version [0], serial, signature algorithm, issuer, validity, subject, subjectPublicKeyInfo, then [3] extensions.
  const fields = children(tbs.content);
  const subject = fields[5];
  if (subject === undefined) throw new Error("The CA certificate has no subject");
  const extensions = fields.find((field) => field.tag === 0xa3);
  const keyId = extensions && children(children(extensions.content)[0]?.content ?? Buffer.alloc(0))
    .map((ext) => children(ext.content))
    .find((parts) => parts[0]?.raw.equals(oid(OID.subjectKeyIdentifier)));
  const value = keyId?.[keyId.length - 1];
  return { subject: subject.raw, keyId: value ? readElement(value.content).content : undefined };
}

/** RFC 5280's method 1: the SHA-1 of the public key's bits. */
function keyIdentifier(publicKey: KeyObject): Buffer {
  const spki = children(readElement(publicKey.export({ type: "spki", format: "der" })).content);
  const bits = spki[1]?.content.subarray(1) ?? Buffer.alloc(0);
  return createHash("sha1").update(bits).digest();
}

function generateKeys(): { publicKey: KeyObject; privateKey: KeyObject } {
  return generateKeyPairSync("ec", { namedCurve: "P-256" });
}

function exportKey(key: KeyObject): string {
  return key.export({ type: "pkcs8", format: "pem" }).toString();
}

function pem(der: Buffer, label: string): string {
  const lines = der.toString("base64").match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}
