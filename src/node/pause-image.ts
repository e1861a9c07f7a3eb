/**
 * The sandbox ("pause") image: nothing can be pulled here, so it is made at
 * start from the host's static busybox — /bin/sleep infinity — and imported
 * once (ImageStatus says whether it is there).
 */
import type { CriClient } from "../cri/client.js";
import { buildOciImage } from "../cri/oci-image.js";
import { busyboxRootfs } from "./busybox-image.js";
import { loadCriClient } from "./cri-module.js";
import { importImage, type ImportOptions } from "./images.js";

/** Our own name, so it never shadows a real pause image a pod may ask for. */
export const PAUSE_IMAGE = "mini.local/pause:1";

export type EnsureResult = { readonly ok: true; readonly imported: boolean } | { readonly ok: false; readonly message: string };

export async function ensurePauseImage(cri: CriClient, options: ImportOptions & { busybox?: string }): Promise<EnsureResult> {
  const present = await cri.imageStatus({ image: { image: PAUSE_IMAGE } });
  if (!present.ok) return { ok: false, message: (await loadCriClient()).describeCriError(present.error) };
  if (present.value.image !== null) return { ok: true, imported: false };
  const image = buildOciImage({
    reference: PAUSE_IMAGE,
    files: busyboxRootfs({ applets: ["sleep"], ...(options.busybox ? { busybox: options.busybox } : {}) }),
    cmd: ["/bin/sleep", "infinity"],
    // sleep ignores SIGTERM as PID 1; a sandbox should stop at once.
    stopSignal: "SIGKILL",
  });
  const imported = await importImage(image.tar, options);
  return imported.ok ? { ok: true, imported: true } : { ok: false, message: `cannot import ${PAUSE_IMAGE}: ${imported.message}` };
}
