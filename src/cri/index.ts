/**
 * The Container Runtime Interface (runtime.v1) client and the image tarball
 * builders. Conventions for messages are in types.ts.
 */
export { CriClient, describeCriError } from "./client.js";
export type { CallOptions, ConnectOptions, CriError, CriErrorCode, CriResult } from "./client.js";
export type * from "./types.js";
export { buildDockerArchive, buildOciImage, goArch, tagOf } from "./oci-image.js";
export type { BuiltImage, ImageSpecInput } from "./oci-image.js";
export { createTar } from "./tar.js";
export type { TarEntry } from "./tar.js";
