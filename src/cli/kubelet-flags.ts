/**
 * `mini up`'s kubelet flags: --node-name and --kubelet-config (read and
 * checked here, so a bad file is a usage error before anything starts).
 * Imports only the configuration parser, not the kubelet.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseKubeletConfig, type KubeletConfig } from "../kubelet/config.js";
import { messageOf } from "../machinery/errors.js";

export interface KubeletFlags {
  readonly "node-name"?: string | undefined;
  readonly "kubelet-config"?: string | undefined;
}

/** A DNS-1123 subdomain, as a Node name must be. */
const NODE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function parseKubeletFlags(flags: KubeletFlags): { settings: { nodeName?: string; config?: KubeletConfig }; args: string[] } | string {
  const settings: { nodeName?: string; config?: KubeletConfig } = {};
  const args: string[] = [];
  const nodeName = flags["node-name"];
  if (nodeName !== undefined) {
    if (!NODE_NAME.test(nodeName) || nodeName.length > 253) return `--node-name must be a lower-case DNS name such as my-node, not ${JSON.stringify(nodeName)}`;
    settings.nodeName = nodeName;
    args.push("--node-name", nodeName);
  }
  const file = flags["kubelet-config"];
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error: unknown) {
      return `--kubelet-config: cannot read ${file}: ${messageOf(error)}`;
    }
    const parsed = parseKubeletConfig(text);
    if (!parsed.ok) return `--kubelet-config: ${file} is not a valid KubeletConfiguration:\n  ${parsed.errors.join("\n  ")}`;
    settings.config = parsed.config;
    args.push("--kubelet-config", resolve(file));
  }
  return { settings, args };
}
