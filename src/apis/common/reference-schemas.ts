/**
 * References from one object to another, and the field selectors of the downward API.
 */
import { string, quantity, object } from "./schema-builders.js";

export const localObjectReferenceSchema = object({
  name: string("Name of the referenced object in the same namespace.", { default: "" }),
}, [], { "x-kubernetes-map-type": "atomic" });

export const objectReferenceSchema = object({
  kind: string("Kind of the referent."),
  namespace: string("Namespace of the referent."),
  name: string("Name of the referent."),
  uid: string("UID of the referent."),
  apiVersion: string("API version of the referent."),
  resourceVersion: string("Resource version of the referent."),
  fieldPath: string("Part of the referent, e.g. spec.containers{name}."),
}, [], { "x-kubernetes-map-type": "atomic" });

export const typedLocalObjectReferenceSchema = object({
  apiGroup: string("API group of the referenced object; empty for the core group."),
  kind: string("Kind of the referenced object."),
  name: string("Name of the referenced object."),
}, ["kind", "name"], { "x-kubernetes-map-type": "atomic" });

export const typedObjectReferenceSchema = object({
  apiGroup: string("API group of the referenced object; empty for the core group."),
  kind: string("Kind of the referenced object."),
  name: string("Name of the referenced object."),
  namespace: string("Namespace of the referenced object; needs a ReferenceGrant when different."),
}, ["kind", "name"]);

export const objectFieldSelectorSchema = object({
  apiVersion: string("API version the fieldPath is written in (default v1)."),
  fieldPath: string("Path of the field to select, e.g. metadata.name."),
}, ["fieldPath"], { "x-kubernetes-map-type": "atomic" });

export const resourceFieldSelectorSchema = object({
  containerName: string("Container whose resource is selected; required for volumes."),
  resource: string("Resource to select, e.g. limits.cpu."),
  divisor: quantity("Unit the value is divided by (default 1)."),
}, ["resource"], { "x-kubernetes-map-type": "atomic" });
