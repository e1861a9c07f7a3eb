/**
 * The files of configMap, secret, downwardAPI and projected volumes
 * (upstream's payload functions): every key as a file, or only the listed
 * items at their paths; modes from the item, else the volume's
 * defaultMode, else 0644. A missing object fails the mount unless the
 * source is optional, which projects nothing.
 */
import type { KubeObject } from "../../apis/types.js";
import type { DownwardAPIFile, KeyToPath, VolumeProjection } from "../../apis/common/pod-types.js";
import { fieldPathValue, resourceFieldValue, type NodeAllocatable } from "../downward.js";
import type { DataKind, DataLookup } from "../object-data.js";
import type { FileProjection } from "./atomic-writer.js";

export const DEFAULT_MODE = 0o644;

export type PayloadResult = { ok: true; files: Map<string, FileProjection> } | { ok: false; message: string };

export interface ProjectionContext {
  readonly pod: KubeObject;
  readonly lookup: DataLookup;
  readonly allocatable: NodeAllocatable;
  /** Tokens for serviceAccountToken sources; undefined when the API cannot issue them. */
  readonly token?: (audience: string, expirationSeconds: number) => Promise<string>;
}

interface ObjectSource {
  readonly name?: string;
  readonly items?: KeyToPath[];
  readonly optional?: boolean;
}

async function objectPayload(kind: DataKind, source: ObjectSource, defaultMode: number, context: ProjectionContext): Promise<PayloadResult> {
  const files = new Map<string, FileProjection>();
  const name = source.name ?? "";
  const data = await context.lookup(kind, context.pod.metadata.namespace ?? "", name);
  if (!data) {
    if (source.optional) return { ok: true, files };
    return { ok: false, message: `${kind.toLowerCase()} "${name}" not found` };
  }
  if (!source.items || source.items.length === 0) {
    for (const [key, value] of data) files.set(key, { data: value, mode: defaultMode });
    return { ok: true, files };
  }
  for (const item of source.items) {
    const value = data.get(item.key ?? "");
    if (value === undefined) {
      if (source.optional) continue;
      const message = kind === "Secret" ? "references non-existent secret key" : "configmap references non-existent config key";
      return { ok: false, message: `${message}: ${item.key ?? ""}` };
    }
    files.set(item.path ?? item.key ?? "", { data: value, mode: item.mode ?? defaultMode });
  }
  return { ok: true, files };
}

function downwardPayload(items: readonly DownwardAPIFile[], defaultMode: number, context: ProjectionContext): PayloadResult {
  const files = new Map<string, FileProjection>();
  for (const item of items) {
    const value = item.fieldRef
      ? fieldPathValue(context.pod, item.fieldRef.fieldPath ?? "")
      : resourceFieldValue(context.pod, item.resourceFieldRef ?? {}, { containerName: "", allocatable: context.allocatable });
    if (!value.ok) return value;
    files.set(item.path ?? "", { data: Buffer.from(value.value, "utf8"), mode: item.mode ?? defaultMode });
  }
  return { ok: true, files };
}

async function projectedPayload(sources: readonly VolumeProjection[], defaultMode: number, context: ProjectionContext): Promise<PayloadResult> {
  const files = new Map<string, FileProjection>();
  for (const source of sources) {
    let part: PayloadResult;
    if (source.configMap) part = await objectPayload("ConfigMap", source.configMap, defaultMode, context);
    else if (source.secret) part = await objectPayload("Secret", source.secret, defaultMode, context);
    else if (source.downwardAPI) part = downwardPayload(source.downwardAPI.items ?? [], defaultMode, context);
    else if (source.serviceAccountToken) {
      const { audience = "", expirationSeconds = 3600, path = "token" } = source.serviceAccountToken;
      if (!context.token) continue;
      part = { ok: true, files: new Map([[path, { data: Buffer.from(await context.token(audience, expirationSeconds)), mode: defaultMode }]]) };
    } else continue;
    if (!part.ok) return part;
    for (const [path, file] of part.files) files.set(path, file);
  }
  return { ok: true, files };
}

/** The payload of a volume that projects API data, or undefined for other kinds of volume. */
export async function volumePayload(volume: Readonly<Record<string, unknown>>, context: ProjectionContext): Promise<PayloadResult | undefined> {
  const source = (key: string): ({ defaultMode?: number } & Record<string, unknown>) | undefined => volume[key] as ({ defaultMode?: number } & Record<string, unknown>) | undefined;
  const configMap = source("configMap");
  if (configMap) return objectPayload("ConfigMap", configMap as ObjectSource, configMap.defaultMode ?? DEFAULT_MODE, context);
  const secret = source("secret");
  if (secret) return objectPayload("Secret", { ...(secret as ObjectSource), name: secret.secretName as string }, secret.defaultMode ?? DEFAULT_MODE, context);
  const downward = source("downwardAPI");
  if (downward) return downwardPayload((downward.items as DownwardAPIFile[] | undefined) ?? [], downward.defaultMode ?? DEFAULT_MODE, context);
  const projected = source("projected");
  if (projected) return projectedPayload((projected.sources as VolumeProjection[] | undefined) ?? [], projected.defaultMode ?? DEFAULT_MODE, context);
  return undefined;
}
