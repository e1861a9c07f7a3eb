/**
 * Authentication by client certificate, as kube-apiserver does it: the
 * TLS handshake asks for a certificate signed by our CA; the user is the
 * subject's CN and the groups its O values. No valid certificate → 401.
 */
import type { TLSSocket } from "node:tls";
import type { IncomingMessage } from "node:http";
import { userFromCertificate } from "../pki/index.js";
import { ApiError } from "../machinery/status.js";

export interface User {
  readonly name: string;
  readonly groups: readonly string[];
}

export function authenticate(incoming: IncomingMessage): User {
  const socket = incoming.socket as TLSSocket;
  const user = typeof socket.getPeerCertificate === "function" && socket.authorized ? userFromCertificate(socket.getPeerCertificate()) : undefined;
  if (!user) throw new ApiError("Unauthorized", "Unauthorized");
  return { name: user.name, groups: [...user.groups, "system:authenticated"] };
}
