/**
 * ImageLocality: favours nodes that already hold the pod's images
 * (node.status.images), by image size scaled by how widespread the image
 * is, so one node holding a common image does not attract every pod.
 * Between 23 MB and 1000 MB per container the score grows linearly.
 * When no node holds any of the images every node scores 0, so scoring
 * is skipped.
 */
import { MAX_NODE_SCORE, SKIP, SUCCESS, type CycleState, type NodeInfo, type PreScorePlugin, type ScorePlugin, type Snapshot } from "../../framework/index.js";

export const IMAGE_LOCALITY = "ImageLocality";

const MB = 1024 * 1024;
const MIN_THRESHOLD = 23 * MB;
const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/** Without a tag or digest an image means `:latest`, as the runtime reports it. */
export function normalizedImageName(name: string): string {
  return name.lastIndexOf(":") <= name.lastIndexOf("/") ? `${name}:latest` : name;
}

interface PodImages {
  /** Normalised names of the pod's images that some node holds. */
  readonly present: readonly string[];
  readonly containers: number;
}

function podImages(state: CycleState): PodImages {
  const spec = state.pod.pod.spec;
  const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  const present = containers
    .map((c) => normalizedImageName(c.image ?? ""))
    .filter((name) => state.snapshot.imageNodeCount(name) > 0);
  return { present, containers: containers.length };
}

function sumImageScores(images: readonly string[], node: NodeInfo, snapshot: Snapshot): number {
  let sum = 0;
  for (const name of images) {
    const size = node.images.get(name);
    if (size === undefined) continue;
    const spread = snapshot.imageNodeCount(name) / snapshot.nodes.length;
    sum += Math.trunc(size * spread);
  }
  return sum;
}

export function imageLocalityScore(sum: number, containers: number): number {
  if (containers === 0) return 0;
  const max = MAX_CONTAINER_THRESHOLD * containers;
  const bounded = Math.min(Math.max(sum, MIN_THRESHOLD), max);
  return Math.trunc((MAX_NODE_SCORE * (bounded - MIN_THRESHOLD)) / (max - MIN_THRESHOLD));
}

export function newImageLocality() {
  return {
    name: IMAGE_LOCALITY,
    preScore(state) {
      const images = podImages(state);
      state.write(IMAGE_LOCALITY, images);
      return images.present.length > 0 ? SUCCESS : SKIP;
    },
    score(state, node) {
      const images = state.read<PodImages>(IMAGE_LOCALITY) ?? podImages(state);
      return imageLocalityScore(sumImageScores(images.present, node, state.snapshot), images.containers);
    },
  } satisfies PreScorePlugin & ScorePlugin;
}
