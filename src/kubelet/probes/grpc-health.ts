/**
 * The gRPC health checking protocol (grpc.health.v1.Health/Check) for grpc
 * probes. Its two messages have one field each, so they are encoded here
 * by hand rather than through a .proto: the request is field 1 (service,
 * a string), the response field 1 (status, an enum; 1 is SERVING).
 */
import { credentials, makeGenericClientConstructor, type ServiceError } from "@grpc/grpc-js";

const SERVING = 1;

function encodeRequest(service: string): Buffer {
  const text = Buffer.from(service, "utf8");
  if (text.length === 0) return Buffer.alloc(0);
  return Buffer.concat([Buffer.from([0x0a]), encodeVarint(text.length), text]);
}

function encodeVarint(value: number): Buffer {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest & 0x7f) | 0x80);
    rest >>>= 7;
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

/** Reads field 1 (varint) of a HealthCheckResponse; 0 (UNKNOWN) when absent. */
export function decodeStatus(bytes: Buffer): number {
  let offset = 0;
  while (offset < bytes.length) {
    const tag = bytes[offset++] ?? 0;
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[offset++] ?? 0;
      value |= (byte & 0x7f) << shift;
      shift += 7;
      if ((byte & 0x80) === 0 || offset >= bytes.length) break;
    }
    if (tag === 0x08) return value;
  }
  return 0;
}

const HealthClient = makeGenericClientConstructor(
  {
    check: {
      path: "/grpc.health.v1.Health/Check",
      requestStream: false,
      responseStream: false,
      requestSerialize: (service: string) => encodeRequest(service),
      requestDeserialize: (bytes: Buffer) => bytes.toString(),
      responseSerialize: (status: number) => Buffer.from([0x08, status]),
      responseDeserialize: decodeStatus,
    },
  },
  "Health",
);

/** Asks the server at `address` whether `service` is serving; the answer or the failure as text. */
export function grpcHealthCheck(address: string, service: string, timeoutMs: number): Promise<{ ok: boolean; message: string }> {
  const client = new HealthClient(address, credentials.createInsecure());
  return new Promise((resolve) => {
    const deadline = new Date(Date.now() + timeoutMs);
    (client as unknown as { check: (req: string, opts: { deadline: Date }, cb: (e: ServiceError | null, s?: number) => void) => void }).check(service, { deadline }, (error, status) => {
      client.close();
      if (error) resolve({ ok: false, message: `timeout: failed to connect service ${JSON.stringify(address)} within ${timeoutMs / 1000}s: ${error.details || error.message}` });
      else if (status !== SERVING) resolve({ ok: false, message: `service unhealthy (responded with ${status === 2 ? "NOT_SERVING" : status === 3 ? "SERVICE_UNKNOWN" : "UNKNOWN"})` });
      else resolve({ ok: true, message: "" });
    });
  });
}
