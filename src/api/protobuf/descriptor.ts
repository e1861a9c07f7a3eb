/**
 * Message descriptors: the protobuf schema of Kubernetes objects, as data.
 *
 * Field numbers, names and types are facts of the k8s.io/api and
 * k8s.io/apimachinery `generated.proto` files; the `omitEmpty` and `inline`
 * flags are facts of the Go types' JSON tags. Together they let one generic
 * decoder turn a protobuf body into exactly the JSON a client would have sent.
 */

/** Protobuf scalars Kubernetes uses. `bytes` reads as base64, as Go's encoding/json writes []byte. */
export type ScalarType = "string" | "bool" | "int32" | "int64" | "bytes";

/**
 * Messages on the wire that JSON writes as something else:
 * - `time`: meta/v1 Time {seconds=1}, an RFC 3339 string in seconds; Go sends
 *   the zero time as an empty message, which JSON writes as null.
 * - `intOrString`: {type=1, intVal=2, strVal=3}, a number or a string.
 * - `quantity`: resource Quantity {string=1}, its string.
 * - `json`: bytes of a JSON document, field 1 (runtime RawExtension, meta/v1
 *   FieldsV1), the document itself.
 */
export type WrapperType = "time" | "intOrString" | "quantity" | "json";

/** A field's type: a scalar, a wrapper, or the name of a message in the tables (e.g. `core.v1.Container`). */
export type FieldType = ScalarType | WrapperType | (string & {});

export interface FieldDescriptor {
  /** The JSON field name. */
  readonly name: string;
  readonly type: FieldType;
  /**
   * `repeated`: a JSON array; empty means absent.
   * `map`: repeated entry messages {key=1 string, value=2 of `type`}, a JSON object; empty means absent.
   */
  readonly list?: "repeated" | "map";
  /**
   * A Go value field tagged `omitempty`. Go's protobuf marshaller writes such
   * fields even when zero, but its JSON leaves them out, so a zero here means
   * "unset". Pointer fields (replicas) and untagged fields keep their zeros.
   */
  readonly omitEmpty?: true;
  /** A Go struct embedded with `json:",inline"`: its fields belong to the enclosing JSON object. */
  readonly inline?: true;
}

/** Field number → field. Numbers absent here are skipped, as protobuf skips unknown fields. */
export type MessageDescriptor = Readonly<Record<number, FieldDescriptor>>;

export type MessageTable = Readonly<Record<string, MessageDescriptor>>;
