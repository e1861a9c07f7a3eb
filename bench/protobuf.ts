/**
 * Protobuf vs JSON request bodies: the create rate of ConfigMaps posted as
 * the bytes kubectl 1.32 sends (`application/vnd.kubernetes.protobuf`) and as
 * the JSON kubectl 1.31 and older send for the same command, one at a time
 * and 16 in flight, against a real server in this process.
 *
 * Both bodies are fixed templates whose name is overwritten in place with a
 * name of the same length, so no encoder runs on the client and both kinds
 * of request cost the client the same. The two kinds alternate in rounds of
 * 100, so neither always meets the bigger store.
 */
import { Agent, request } from "node:https";
import { PROTOBUF_CONTENT_TYPE } from "../src/api/protobuf/index.js";
import { check, runConcurrent, type Credentials } from "./client.js";
import { withInProcessMini } from "./in-process.js";

/** The name inside both templates; every created name has its length. */
const TEMPLATE_NAME = "cm-00000";

/**
 * What kubectl 1.32 posted for `kubectl create configmap cm-00000 --from-literal=a=1`, recorded
 * with a loopback recorder as src/api/protobuf/testdata/record.ts does: the `k8s\0` envelope and a
 * runtime.Unknown holding the ConfigMap.
 */
const PROTOBUF_TEMPLATE = Buffer.from(
  "6b3873000a0f0a0276311209436f6e6669674d617012220a180a08636d2d303030303012001a0022002a0032003800420012060a01611201311a002200",
  "hex",
);

/** What kubectl 1.31 posts for the same command. */
const JSON_TEMPLATE = Buffer.from(
  JSON.stringify({ kind: "ConfigMap", apiVersion: "v1", metadata: { name: TEMPLATE_NAME, creationTimestamp: null }, data: { a: "1" } }),
);

interface BodyKind {
  readonly label: string;
  /** The first letter of this kind's object names. */
  readonly letter: string;
  readonly contentType: string;
  readonly template: Buffer;
  /** Where TEMPLATE_NAME's bytes start in the template. */
  readonly nameAt: number;
}

function bodyKind(label: string, contentType: string, template: Buffer): BodyKind {
  const letter = label.charAt(0).toLowerCase();
  const nameAt = template.indexOf(TEMPLATE_NAME, 0, "latin1");
  if (nameAt < 0 || template.indexOf(TEMPLATE_NAME, nameAt + 1, "latin1") >= 0) throw new Error(`The ${label} template must hold ${TEMPLATE_NAME} exactly once`);
  return { label, letter, contentType, template, nameAt };
}

const KINDS = [bodyKind("protobuf", PROTOBUF_CONTENT_TYPE, PROTOBUF_TEMPLATE), bodyKind("JSON", "application/json", JSON_TEMPLATE)] as const;

/** The template with its name replaced by `name` (same length), as a new buffer. */
function bodyNamed(kind: BodyKind, name: string): Buffer {
  if (name.length !== TEMPLATE_NAME.length) throw new Error(`Name ${name} must have ${TEMPLATE_NAME.length} characters`);
  const body = Buffer.from(kind.template);
  body.write(name, kind.nameAt, "latin1");
  return body;
}

/** POSTs ready-made bytes over keep-alive HTTPS (BenchClient sends only JSON it serialises itself). */
class RawPoster {
  readonly #agent: Agent;
  constructor(
    readonly baseUrl: string,
    credentials: Credentials,
  ) {
    this.#agent = new Agent({ keepAlive: true, maxSockets: 16, ...credentials });
  }

  post(path: string, contentType: string, body: Buffer): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const req = request(new URL(path, this.baseUrl), {
        method: "POST",
        agent: this.#agent,
        headers: { "Content-Type": contentType, "Content-Length": String(body.length), Accept: "application/json" },
      });
      req.on("response", (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(body);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}

const NAMESPACE = "bench-pb";
const PER_KIND = 1000;
const ROUNDS = 10;

export async function benchProtobuf(): Promise<Record<string, number>> {
  return withInProcessMini(async (client, credentials) => {
    await check(client.send("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: NAMESPACE } }), 201);
    const poster = new RawPoster(client.baseUrl, credentials);
    const path = `/api/v1/namespaces/${NAMESPACE}/configmaps`;
    try {
      const figures: Record<string, number> = {};
      for (const [mode, inFlight, prefix] of [["sequential", 1, "s"], ["16 in flight", 16, "c"]] as const) {
        const seconds = new Map<BodyKind, number>(KINDS.map((kind) => [kind, 0]));
        const perRound = PER_KIND / ROUNDS;
        for (let round = 0; round < ROUNDS; round++) {
          // Each kind goes first in every other round, so neither always follows the other's writes.
          for (const kind of round % 2 === 0 ? KINDS : [...KINDS].reverse()) {
            // "ps-00000", "js-00000", …: eight characters, like the template's name.
            const name = (i: number) => `${kind.letter}${prefix}-${String(round * perRound + i).padStart(5, "0")}`;
            const start = performance.now();
            await runConcurrent(perRound, inFlight, async (i) => {
              await check(poster.post(path, kind.contentType, bodyNamed(kind, name(i))), 201);
            });
            seconds.set(kind, (seconds.get(kind) ?? 0) + (performance.now() - start) / 1000);
          }
        }
        const rate = (kind: BodyKind) => PER_KIND / (seconds.get(kind) ?? Number.NaN);
        const [protobuf, json] = KINDS;
        figures[`create configmap, protobuf body, ${mode} (/s)`] = rate(protobuf);
        figures[`create configmap, JSON body, ${mode} (/s)`] = rate(json);
        figures[`protobuf / JSON rate, ${mode}`] = rate(protobuf) / rate(json);
      }
      // Every body was stored under its own name: no template bytes were reused by mistake.
      const listed = JSON.parse(await check(client.send("GET", path), 200)) as { items: { metadata: { name: string } }[] };
      const created = listed.items.filter((item) => /^[pj][sc]-\d{5}$/.test(item.metadata.name)).length;
      if (created !== 4 * PER_KIND) throw new Error(`Expected ${4 * PER_KIND} benchmark ConfigMaps, found ${created}`);
      return figures;
    } finally {
      poster.close();
    }
  });
}
