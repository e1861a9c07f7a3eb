/**
 * The data of the ConfigMaps and Secrets a pod refers to, as bytes: a
 * ConfigMap's `data` and `binaryData`, a Secret's `data` decoded from
 * base64 (and `stringData`, should an object carry it). Env vars and
 * volumes both read through this.
 */
import type { KubeObject } from "../apis/types.js";
import { isApiError } from "../machinery/status.js";
import type { Client } from "../client/index.js";

export type DataKind = "ConfigMap" | "Secret";

/** Reads an object's data; undefined when the object does not exist. */
export type DataLookup = (kind: DataKind, namespace: string, name: string) => Promise<ReadonlyMap<string, Buffer> | undefined>;

export function objectData(object: KubeObject): Map<string, Buffer> {
  const data = new Map<string, Buffer>();
  const record = object as { data?: Record<string, string>; binaryData?: Record<string, string>; stringData?: Record<string, string> };
  const secret = object.kind === "Secret";
  for (const [key, value] of Object.entries(record.data ?? {})) data.set(key, secret ? Buffer.from(value, "base64") : Buffer.from(value, "utf8"));
  for (const [key, value] of Object.entries(record.binaryData ?? {})) data.set(key, Buffer.from(value, "base64"));
  for (const [key, value] of Object.entries(record.stringData ?? {})) data.set(key, Buffer.from(value, "utf8"));
  return data;
}

/** A lookup through the API (in-process: no network hop). */
export function clientLookup(client: Client): DataLookup {
  return async (kind, namespace, name) => {
    try {
      return objectData(await client.resource("", kind).get(namespace, name));
    } catch (error: unknown) {
      if (isApiError(error, 404)) return undefined;
      throw error;
    }
  };
}
