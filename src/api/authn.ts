/**
 * Authentication by client certificate, as kube-apiserver does it: the
 * TLS handshake asks for a certificate signed by our CA; the user is the
 * subject's CN and the groups its O values. No valid certificate → 401.
 */
import type { TLSSocket } from "node:tls";
import type { IncomingMessage } from "node:http";
import { ApiError } from "../machinery/status.js";

export interface User {
  readonly name: string;
  readonly groups: readonly string[];
}

function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export function authenticate(incoming: IncomingMessage): User {
  const socket = incoming.socket as TLSSocket;
  if (typeof socket.getPeerCertificate !== "function" || !socket.authorized) {
    throw new ApiError("Unauthorized", "Unauthorized");
  }
  const subject = socket.getPeerCertificate().subject as unknown as Record<string, string | string[] | undefined> | undefined;
  const name = asList(subject?.CN)[0];
  if (!name) throw new ApiError("Unauthorized", "Unauthorized");
  return { name, groups: [...asList(subject?.O), "system:authenticated"] };
}
