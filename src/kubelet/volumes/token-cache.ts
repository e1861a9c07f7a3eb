/**
 * Service account tokens for projected volumes, reused until 80 % of
 * their lifetime has passed (upstream's token manager refreshes then too),
 * so the volume file changes only when the token is renewed.
 */
import type { KubeObject } from "../../apis/types.js";
import type { Client } from "../../client/index.js";

interface Cached {
  readonly token: string;
  readonly refreshAt: number;
}

export class TokenCache {
  readonly #client: Client;
  readonly #tokens = new Map<string, Cached>();

  constructor(client: Client) {
    this.#client = client;
  }

  async token(pod: KubeObject, audience: string, expirationSeconds: number): Promise<string> {
    const key = `${pod.metadata.uid ?? ""}/${audience}/${expirationSeconds}`;
    const now = Date.now();
    const cached = this.#tokens.get(key);
    if (cached && now < cached.refreshAt) return cached.token;
    const issued = await this.#client.requestPodToken(pod, { audiences: audience ? [audience] : [], expirationSeconds });
    this.#tokens.set(key, { token: issued.token, refreshAt: now + expirationSeconds * 800 });
    return issued.token;
  }

  forgetPod(uid: string): void {
    for (const key of this.#tokens.keys()) if (key.startsWith(`${uid}/`)) this.#tokens.delete(key);
  }
}
