/**
 * One generic decoder: protobuf message bytes + a message descriptor → the
 * JSON object Go's encoding/json would write for the same Go value.
 */
import type { JsonValue } from "../../apis/types.js";
import type { FieldDescriptor, FieldType, ScalarType, WrapperType } from "./descriptor.js";
import { messages } from "./messages/index.js";
import { expectWireType, ProtobufError, Reader, WireType, type FieldTag } from "./wire.js";
import { timestamp } from "../../machinery/time.js";
import { setMember } from "../../machinery/clone.js";

type JsonObject = { [key: string]: JsonValue };

/** Decodes `bytes` as the message named `type` (e.g. `apps.v1.Deployment`). Throws ProtobufError. */
export function decodeMessage(bytes: Uint8Array, type: string): JsonObject {
  const target: JsonObject = {};
  decodeInto(target, bytes, type);
  return target;
}

/**
 * Decodes into an existing object, so that a message field seen twice merges
 * as protobuf requires, and an inline (embedded) message writes its fields
 * straight into its parent.
 */
function decodeInto(target: JsonObject, bytes: Uint8Array, type: string): void {
  const descriptor = messages[type];
  if (descriptor === undefined) throw new ProtobufError(`No descriptor for message ${type}`);
  const reader = new Reader(bytes);
  while (!reader.done) {
    const tag = reader.tag();
    const field = descriptor[tag.number];
    if (field === undefined) {
      reader.skip(tag.wireType);
      continue;
    }
    try {
      decodeField(target, field, { reader, tag });
    } catch (error: unknown) {
      // An inline field's name is not part of the JSON path.
      if (error instanceof ProtobufError && !field.inline) throw error.within(field.name);
      throw error;
    }
  }
}

interface FieldInput {
  readonly reader: Reader;
  readonly tag: FieldTag;
}

function decodeField(target: JsonObject, field: FieldDescriptor, { reader, tag }: FieldInput): void {
  switch (field.list) {
    case undefined: {
      if (field.inline) {
        decodeInto(target, lengthDelimited(reader, tag), field.type);
        return;
      }
      const existing = target[field.name];
      if (isMessageType(field.type) && isObject(existing)) {
        decodeInto(existing, lengthDelimited(reader, tag), field.type);
        return;
      }
      const value = readValue(reader, tag, field.type);
      if (field.omitEmpty && (value === "" || value === 0 || value === false)) delete target[field.name];
      else target[field.name] = value;
      return;
    }
    case "repeated": {
      if (tag.wireType === WireType.bytes && isPackable(field.type)) {
        // Packed encoding: Go's proto2 marshaller never packs, but protobuf readers must accept it.
        const packed = new Reader(reader.bytes());
        const elementTag = { number: tag.number, wireType: WireType.varint };
        while (!packed.done) arrayAt(target, field.name).push(readValue(packed, elementTag, field.type));
        return;
      }
      const list = arrayAt(target, field.name);
      try {
        list.push(readValue(reader, tag, field.type));
      } catch (error: unknown) {
        if (error instanceof ProtobufError) throw error.within(`[${list.length}]`);
        throw error;
      }
      return;
    }
    case "map": {
      const map = objectAt(target, field.name);
      const [key, value] = readMapEntry(lengthDelimited(reader, tag), field.type);
      // Keys come from the client: setMember keeps `__proto__` a key like any other.
      setMember(map, key, value);
      return;
    }
    default: {
      const unreachable: never = field.list;
      throw new ProtobufError(`Unknown list kind ${String(unreachable)}`);
    }
  }
}

/** A map entry message: key=1 (always a string in Kubernetes), value=2. Absent parts take their zero values. */
function readMapEntry(bytes: Uint8Array, valueType: FieldType): [string, JsonValue] {
  const reader = new Reader(bytes);
  let key = "";
  let value: JsonValue | undefined;
  while (!reader.done) {
    const tag = reader.tag();
    if (tag.number === 1) {
      expectWireType(tag, WireType.bytes);
      key = reader.string();
    } else if (tag.number === 2) {
      value = readValue(reader, tag, valueType);
    } else {
      reader.skip(tag.wireType);
    }
  }
  return [key, value ?? zeroValue(valueType)];
}

function readValue(reader: Reader, tag: FieldTag, type: FieldType): JsonValue {
  if (isScalarType(type)) return readScalar(reader, tag, type);
  const bytes = lengthDelimited(reader, tag);
  return isWrapperType(type) ? readWrapper(bytes, type) : decodeMessage(bytes, type);
}

function readScalar(reader: Reader, tag: FieldTag, type: ScalarType): JsonValue {
  switch (type) {
    case "string":
      expectWireType(tag, WireType.bytes);
      return reader.string();
    case "bytes":
      expectWireType(tag, WireType.bytes);
      return Buffer.from(reader.bytes()).toString("base64");
    case "bool":
      expectWireType(tag, WireType.varint);
      return reader.bool();
    case "int32":
      expectWireType(tag, WireType.varint);
      return reader.int32();
    case "int64":
      expectWireType(tag, WireType.varint);
      return reader.int64();
    default: {
      const unreachable: never = type;
      throw new ProtobufError(`Unknown scalar type ${String(unreachable)}`);
    }
  }
}

/** Go's time.Time{}.Unix(): a zero Time that reaches the wire with its seconds spelled out. */
const GO_ZERO_TIME_SECONDS = -62135596800;
/** RFC 3339 cannot write years past 9999; Go's JSON refuses them too. */
const MAX_TIME_SECONDS = 253402300799;

function readWrapper(bytes: Uint8Array, type: WrapperType): JsonValue {
  switch (type) {
    case "time": {
      // Go writes the zero Time as an empty message and reads nanos as 0: JSON has seconds only.
      if (bytes.length === 0) return null;
      const seconds = readFields(bytes, { 1: "int64" }).get(1) ?? 0;
      if (seconds === GO_ZERO_TIME_SECONDS) return null;
      if (typeof seconds !== "number" || seconds < GO_ZERO_TIME_SECONDS || seconds > MAX_TIME_SECONDS) {
        throw new ProtobufError(`Time ${String(seconds)} s is outside years 1-9999`);
      }
      return timestamp(seconds * 1000);
    }
    case "intOrString": {
      const fields = readFields(bytes, { 1: "int64", 2: "int32", 3: "string" });
      const kind = fields.get(1) ?? 0;
      if (kind === 0) return fields.get(2) ?? 0;
      if (kind === 1) return fields.get(3) ?? "";
      throw new ProtobufError(`IntOrString type ${String(kind)} is neither 0 (int) nor 1 (string)`);
    }
    case "quantity":
      // Go's zero Quantity writes as "0"; any other string is passed on for the server to parse and canonicalise.
      return readFields(bytes, { 1: "string" }).get(1) ?? "0";
    case "json": {
      // Read as base64 like any bytes field and decoded again: this wrapper is rare (managedFields) and the detour keeps one reader.
      const raw = readFields(bytes, { 1: "bytes" }).get(1);
      if (typeof raw !== "string" || raw === "") return null;
      try {
        return JSON.parse(Buffer.from(raw, "base64").toString("utf8")) as JsonValue;
      } catch {
        throw new ProtobufError("Embedded raw JSON does not parse");
      }
    }
    default: {
      const unreachable: never = type;
      throw new ProtobufError(`Unknown wrapper type ${String(unreachable)}`);
    }
  }
}

/** The scalar fields of a small flat message (a wrapper), the last value winning as protobuf requires. */
function readFields(bytes: Uint8Array, types: Readonly<Record<number, ScalarType>>): Map<number, JsonValue> {
  const values = new Map<number, JsonValue>();
  const reader = new Reader(bytes);
  while (!reader.done) {
    const tag = reader.tag();
    const type = types[tag.number];
    if (type === undefined) reader.skip(tag.wireType);
    else values.set(tag.number, readScalar(reader, tag, type));
  }
  return values;
}

/** A zero value for a map entry that omits its value: what Go's zero value of the type writes as JSON. */
function zeroValue(type: FieldType): JsonValue {
  switch (type) {
    case "string":
    case "bytes":
      return "";
    case "bool":
      return false;
    case "int32":
    case "int64":
      return 0;
    default:
      return isWrapperType(type) ? readWrapper(new Uint8Array(0), type) : {};
  }
}

function lengthDelimited(reader: Reader, tag: FieldTag): Uint8Array {
  expectWireType(tag, WireType.bytes);
  return reader.bytes();
}

const SCALAR_TYPES: ReadonlySet<string> = new Set<ScalarType>(["string", "bool", "int32", "int64", "bytes"]);
const WRAPPER_TYPES: ReadonlySet<string> = new Set<WrapperType>(["time", "intOrString", "quantity", "json"]);

function isScalarType(type: FieldType): type is ScalarType {
  return SCALAR_TYPES.has(type);
}

function isWrapperType(type: FieldType): type is WrapperType {
  return WRAPPER_TYPES.has(type);
}

function isMessageType(type: FieldType): boolean {
  return !isScalarType(type) && !isWrapperType(type);
}

/** Varint scalars may arrive packed; strings and bytes never are. */
function isPackable(type: FieldType): boolean {
  return type === "bool" || type === "int32" || type === "int64";
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function arrayAt(target: JsonObject, name: string): JsonValue[] {
  const existing = target[name];
  if (Array.isArray(existing)) return existing;
  const created: JsonValue[] = [];
  target[name] = created;
  return created;
}

function objectAt(target: JsonObject, name: string): JsonObject {
  const existing = target[name];
  if (isObject(existing)) return existing;
  const created: JsonObject = {};
  target[name] = created;
  return created;
}
