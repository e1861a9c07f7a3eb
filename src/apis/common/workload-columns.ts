/**
 * The CONTAINERS, IMAGES and SELECTOR columns that every workload kind shows
 * with `kubectl get -o wide`, filled the way upstream's printers fill them.
 */
import type { KubeObject, TableColumn } from "../types.js";
import { formatLabelSelector } from "../../machinery/labels.js";
import type { LabelSelector } from "./label-selector.js";
import type { PodSpec } from "./pod-types.js";

/** Container names joined with commas, as upstream's layoutContainerCells does. */
export function containersCell(spec: PodSpec | undefined): string {
  return (spec?.containers ?? []).map((container) => container.name ?? "").join(",");
}

export function imagesCell(spec: PodSpec | undefined): string {
  return (spec?.containers ?? []).map((container) => container.image ?? "").join(",");
}

export function selectorCell(selector: LabelSelector | undefined): string {
  return formatLabelSelector(selector);
}

/** Where a kind keeps its pod template spec and selector. */
export interface WorkloadShape {
  readonly podSpec: (object: KubeObject) => PodSpec | undefined;
  readonly selector: (object: KubeObject) => LabelSelector | undefined;
}

/** An integer column such as DESIRED or CURRENT; a missing count prints as 0, as Go's zero value does. */
export function countColumn(name: string, description: string, value: (object: KubeObject) => number | undefined): TableColumn {
  return { name, type: "integer", description, priority: 0, cell: (object) => value(object) ?? 0 };
}

export function containersColumn(podSpec: WorkloadShape["podSpec"]): TableColumn {
  return {
    name: "Containers",
    type: "string",
    description: "Names of the containers in the pod template.",
    priority: 1,
    cell: (object) => containersCell(podSpec(object)),
  };
}

export function imagesColumn(podSpec: WorkloadShape["podSpec"]): TableColumn {
  return {
    name: "Images",
    type: "string",
    description: "Images of the containers in the pod template.",
    priority: 1,
    cell: (object) => imagesCell(podSpec(object)),
  };
}

function selectorColumn(selector: WorkloadShape["selector"]): TableColumn {
  return {
    name: "Selector",
    type: "string",
    description: "Label query over the pods the workload manages.",
    priority: 1,
    cell: (object) => selectorCell(selector(object)),
  };
}

/** The three wide columns most workloads end with. */
export function wideWorkloadColumns(shape: WorkloadShape): TableColumn[] {
  return [containersColumn(shape.podSpec), imagesColumn(shape.podSpec), selectorColumn(shape.selector)];
}
