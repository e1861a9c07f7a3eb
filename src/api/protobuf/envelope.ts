/**
 * The envelope of `application/vnd.kubernetes.protobuf` bodies: the magic
 * `k8s\0`, then a runtime.Unknown {typeMeta=1 {apiVersion=1, kind=2}, raw=2,
 * contentEncoding=3, contentType=4} whose raw bytes are the object's message.
 */
import type { KubeObject } from "../../apis/types.js";
import { decodeMessage } from "./decode.js";
import { kindMessages } from "./messages/index.js";
import { expectWireType, ProtobufError, Reader, WireType } from "./wire.js";

export const PROTOBUF_CONTENT_TYPE = "application/vnd.kubernetes.protobuf";

export type DecodeResult = { ok: true; value: KubeObject } | { ok: false; error: string };

const MAGIC = [0x6b, 0x38, 0x73, 0x00] as const;

interface Envelope {
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
  contentEncoding: string;
  contentType: string;
}

/**
 * Decodes a protobuf request body into the JSON object a JSON client would
 * have sent, with `apiVersion` and `kind` from the envelope. Errors are values
 * whose text suits a 400 Status message; an unknown kind is one of them.
 */
export function decodeKubernetesProtobuf(body: Uint8Array): DecodeResult {
  if (body.length < MAGIC.length || MAGIC.some((byte, index) => body[index] !== byte)) {
    return { ok: false, error: "Protobuf body does not start with the Kubernetes magic bytes k8s\\x00" };
  }
  try {
    const envelope = readEnvelope(body.subarray(MAGIC.length));
    const { apiVersion, kind } = envelope;
    if (envelope.contentEncoding !== "") {
      return { ok: false, error: `Unsupported protobuf content encoding ${JSON.stringify(envelope.contentEncoding)}` };
    }
    // Go's protobuf serializer leaves contentType empty: raw is then the object's own message.
    if (envelope.contentType !== "" && envelope.contentType !== PROTOBUF_CONTENT_TYPE) {
      return { ok: false, error: `Unsupported content type ${JSON.stringify(envelope.contentType)} inside a protobuf body` };
    }
    const message = kindMessages[`${apiVersion} ${kind}`];
    if (message === undefined) {
      return { ok: false, error: `No protobuf decoding for kind ${JSON.stringify(kind)} in ${JSON.stringify(apiVersion)}` };
    }
    const { metadata, ...rest } = decodeMessage(envelope.raw, message);
    // ObjectMeta is a Go value field: an absent message means an empty one.
    return { ok: true, value: { apiVersion, kind, metadata: metadata ?? {}, ...rest } as KubeObject };
  } catch (error: unknown) {
    if (error instanceof ProtobufError) return { ok: false, error: `Malformed protobuf body: ${error.message}` };
    throw error;
  }
}

function readEnvelope(bytes: Uint8Array): Envelope {
  const envelope: Envelope = { apiVersion: "", kind: "", raw: new Uint8Array(0), contentEncoding: "", contentType: "" };
  const reader = new Reader(bytes);
  while (!reader.done) {
    const tag = reader.tag();
    if (tag.number >= 1 && tag.number <= 4) expectWireType(tag, WireType.bytes);
    switch (tag.number) {
      case 1:
        readTypeMeta(reader.bytes(), envelope);
        break;
      case 2:
        envelope.raw = reader.bytes();
        break;
      case 3:
        envelope.contentEncoding = reader.string();
        break;
      case 4:
        envelope.contentType = reader.string();
        break;
      default:
        reader.skip(tag.wireType);
    }
  }
  return envelope;
}

function readTypeMeta(bytes: Uint8Array, envelope: Envelope): void {
  const reader = new Reader(bytes);
  while (!reader.done) {
    const tag = reader.tag();
    if (tag.number !== 1 && tag.number !== 2) {
      reader.skip(tag.wireType);
      continue;
    }
    expectWireType(tag, WireType.bytes);
    if (tag.number === 1) envelope.apiVersion = reader.string();
    else envelope.kind = reader.string();
  }
}
