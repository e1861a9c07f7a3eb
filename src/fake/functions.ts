/**
 * The functions stage templates may call, and the environment they read:
 * the clock and the addresses of nodes and pods. The environment is passed
 * in, so golden tests run the stages with a fixed time and fixed addresses.
 */
import { createHash } from "node:crypto";
import type { KubeObject } from "../apis/types.js";
import type { Container, EnvVar } from "../apis/common/pod-types.js";
import { timestamp } from "../api/registry/index.js";
import { getMember, isJsonMap } from "../machinery/merge-patch.js";

export interface StageEnvironment {
  now(): Date;
  /** The node's InternalIP. */
  nodeIP(nodeName: string): string;
  /** The pod's IP from its node's podCIDR (allocated on first use), or the node's IP for hostNetwork pods. */
  podIP(pod: KubeObject): string;
}

export interface TemplateFunction {
  /** Fewest and most arguments. */
  readonly arity: readonly [number, number];
  readonly call: (args: readonly unknown[], env: StageEnvironment) => unknown;
}

/** Lets a test make a fake container fail: a per-container env var, or an annotation for the whole pod. */
export const EXIT_CODE_ENV = "MINI_FAKE_EXIT_CODE";
export const EXIT_CODE_ANNOTATION = "mini.dev/fake-exit-code";

/** Go templates' notion of empty: false, 0, "", null, and empty lists and maps. */
export function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (isJsonMap(value)) return Object.keys(value).length > 0;
  return value !== undefined && value !== null && value !== false && value !== 0 && value !== "";
}

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

/** `nginx:1.25` → `nginx@sha256:<digest>`; a reference that has a digest already is its own ID. */
function imageID(image: string): string {
  if (image.includes("@")) return image;
  const lastSlash = image.lastIndexOf("/");
  const colon = image.indexOf(":", lastSlash + 1);
  const repository = colon < 0 ? image : image.slice(0, colon);
  return `${repository}@sha256:${sha256(image)}`;
}

/** An exit code from text: an integer 0–255, anything else counts as a generic failure (1). */
function parseExitCode(value: string): number {
  return /^\d{1,3}$/.test(value.trim()) && Number(value) <= 255 ? Number(value) : 1;
}

/** A container's exit code: its MINI_FAKE_EXIT_CODE env var, else the pod's annotation, else 0. */
function containerExitCode(pod: KubeObject, container: Container | undefined): number {
  const env = (container?.env ?? []).find((e: EnvVar) => e.name === EXIT_CODE_ENV);
  if (env?.value !== undefined) return parseExitCode(env.value);
  const annotation = pod.metadata.annotations?.[EXIT_CODE_ANNOTATION];
  return annotation === undefined ? 0 : parseExitCode(annotation);
}

function containersOf(pod: unknown): Container[] {
  const spec = isJsonMap(pod) ? getMember(pod, "spec") : undefined;
  const containers = isJsonMap(spec) ? getMember(spec, "containers") : undefined;
  return Array.isArray(containers) ? (containers as Container[]) : [];
}

function asObject(value: unknown): KubeObject {
  if (!isJsonMap(value) || !isJsonMap(getMember(value, "metadata"))) throw new Error("Expected an object with metadata");
  return value as KubeObject;
}

export const TEMPLATE_FUNCTIONS: Readonly<Record<string, TemplateFunction>> = {
  /** The current time, RFC 3339 in whole seconds as Kubernetes writes it. */
  now: { arity: [0, 0], call: (_args, env) => timestamp(env.now()) },
  eq: { arity: [2, 2], call: ([a, b]) => a === b },
  not: { arity: [1, 1], call: ([a]) => !truthy(a) },
  /** The first non-empty argument, else the last. */
  or: { arity: [1, 8], call: (args) => args.find(truthy) ?? args[args.length - 1] },
  nodeIP: { arity: [1, 1], call: ([name], env) => env.nodeIP(text(name)) },
  podIP: { arity: [1, 1], call: ([pod], env) => env.podIP(asObject(pod)) },
  imageID: { arity: [1, 1], call: ([image]) => imageID(text(image)) },
  /** `fake://<64 hex>`, stable for a pod's container, as a runtime's container ID looks. */
  containerID: { arity: [2, 2], call: ([pod, name]) => `fake://${sha256(`${asObject(pod).metadata.uid ?? ""}/${text(name)}`)}` },
  /** `exitCode pod name`: that container's exit code; `exitCode pod`: the first non-zero one, or 0. */
  exitCode: {
    arity: [1, 2],
    call: ([pod, name]) => {
      const object = asObject(pod);
      const containers = containersOf(object);
      if (name !== undefined) return containerExitCode(object, containers.find((c) => c.name === name));
      const codes = containers.length > 0 ? containers.map((c) => containerExitCode(object, c)) : [containerExitCode(object, undefined)];
      return codes.find((code) => code !== 0) ?? 0;
    },
  },
};
