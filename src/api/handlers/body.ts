/**
 * Request bodies, read the cheap way when possible. A body of declared length
 * (kubectl and client-go always declare it), or none, is read straight from
 * the socket through hono's fast path; touching `request.body` instead makes
 * the node adapter build a full fetch Request (headers, AbortSignal, web
 * stream), which cost ~0.3 ms per write, several percent of the server's work
 * per pod. A declared length over the limit, or a chunked body, goes through
 * readBodyBytes, which refuses it (413) before or while it arrives.
 */
import { MAX_BODY_BYTES, readBodyBytes } from "../negotiation.js";

export async function requestBytes(request: Request): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (request.headers.has("transfer-encoding") || declared > MAX_BODY_BYTES) return readBodyBytes(request);
  // Node's HTTP parser delivers exactly the declared length (and refuses a request that also says chunked).
  return Buffer.from(await request.arrayBuffer());
}

export async function requestText(request: Request): Promise<string> {
  return (await requestBytes(request)).toString("utf8");
}
