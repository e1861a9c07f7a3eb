/**
 * Every built-in kind mini serves. The order is discovery's order, which
 * kubectl uses to resolve ambiguous short names: core first, as upstream.
 */
import type { KindDefinition } from "./types.js";
import { configMapKind } from "./configmap.js";
import { endpointsKind } from "./endpoints.js";
import { endpointSliceKind } from "./endpointslice.js";
import { eventKind } from "./event.js";
import { leaseKind } from "./lease.js";
import { namespaceKind } from "./namespace.js";
import { nodeKind } from "./node.js";
import { secretKind } from "./secret.js";
import { serviceAccountKind } from "./serviceaccount.js";

export const builtinKinds: readonly KindDefinition[] = [
  namespaceKind,
  configMapKind,
  endpointsKind,
  eventKind,
  nodeKind,
  secretKind,
  serviceAccountKind,
  leaseKind,
  endpointSliceKind,
];

export type { KindDefinition, KubeObject, Schema, TableColumn } from "./types.js";
