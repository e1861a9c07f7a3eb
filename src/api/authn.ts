/**
 * Authentication, as kube-apiserver does it: a client certificate signed by
 * our CA (the user is the subject's CN, the groups its O values), else a
 * bearer token that is one of our service account tokens. Neither → 401.
 * The user is remembered per request for handlers that answer with it
 * (SelfSubjectReview, access reviews).
 */
import type { TLSSocket } from "node:tls";
import type { IncomingMessage } from "node:http";
import { userFromCertificate } from "../pki/index.js";
import { ApiError } from "../machinery/status.js";

export interface User {
  readonly name: string;
  readonly uid?: string;
  readonly groups: readonly string[];
  readonly extra?: Readonly<Record<string, readonly string[]>>;
}

/** Verifies bearer tokens; `ok: false` means the token is not valid (401). */
export type BearerAuthenticator = (token: string) => Promise<{ readonly ok: true; readonly user: User } | { readonly ok: false; readonly reason: string }>;

const users = new WeakMap<IncomingMessage, User>();

/**
 * The certificate's user per TLS socket (null: no usable certificate). A
 * keep-alive connection carries many requests and its peer certificate
 * cannot change after the handshake, so it is read once per socket:
 * getPeerCertificate builds a fresh object graph on every call.
 */
const socketUsers = new WeakMap<TLSSocket, User | null>();

function certificateUserOf(socket: TLSSocket): User | undefined {
  const known = socketUsers.get(socket);
  if (known !== undefined) return known ?? undefined;
  const certificateUser = typeof socket.getPeerCertificate === "function" && socket.authorized ? userFromCertificate(socket.getPeerCertificate()) : undefined;
  const user = certificateUser ? { name: certificateUser.name, groups: [...certificateUser.groups, "system:authenticated"] } : null;
  socketUsers.set(socket, user);
  return user ?? undefined;
}

function bearerToken(incoming: IncomingMessage): string | undefined {
  const header = incoming.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

export async function authenticate(incoming: IncomingMessage, bearer?: BearerAuthenticator): Promise<User> {
  let user = certificateUserOf(incoming.socket as TLSSocket);
  const token = user ? undefined : bearerToken(incoming);
  if (token !== undefined && bearer) {
    const outcome = await bearer(token);
    if (outcome.ok) user = outcome.user;
  }
  if (!user) throw new ApiError("Unauthorized", "Unauthorized");
  users.set(incoming, user);
  return user;
}

/** The user `authenticate` found for this request. */
export function requestUser(incoming: IncomingMessage): User {
  const user = users.get(incoming);
  if (!user) throw new Error("The request was not authenticated");
  return user;
}
