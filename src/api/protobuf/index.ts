/**
 * Decoding of `application/vnd.kubernetes.protobuf` request bodies into the
 * JSON objects the rest of the server handles. kubectl's `create <kind>`
 * generators send nothing else, with no JSON fallback.
 */
export { decodeKubernetesProtobuf, PROTOBUF_CONTENT_TYPE, type DecodeResult } from "./envelope.js";
