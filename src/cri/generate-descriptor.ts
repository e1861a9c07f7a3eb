/**
 * Turns api.proto into descriptor.json, the protobufjs JSON form that
 * proto-loader's fromJSON takes, so nothing parses a .proto at run time.
 * Field names become camelCase here (keepCase false), which is the shape every
 * message has in TypeScript (see types.ts).
 *
 *   node --import tsx src/cri/generate-descriptor.ts
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "protobufjs";

const here = __dirname;
export const PROTO_PATH = join(here, "api.proto");
export const DESCRIPTOR_PATH = join(here, "descriptor.json");

/** The descriptor of `protoText`, as written to descriptor.json. */
export function descriptorOf(protoText: string): unknown {
  const { root } = parse(protoText, { keepCase: false });
  return root.toJSON({ keepComments: false });
}

/** The file's text: stable key order comes from the parser, so a diff shows only real changes. */
export function descriptorText(protoText: string): string {
  return `${JSON.stringify(descriptorOf(protoText), null, 1)}\n`;
}

if (require.main === module) {
  writeFileSync(DESCRIPTOR_PATH, descriptorText(readFileSync(PROTO_PATH, "utf8")));
  process.stdout.write(`wrote ${DESCRIPTOR_PATH}\n`);
}
