/**
 * Lease (coordination.k8s.io/v1): a lock with a holder and an expiry, used
 * for leader election and node heartbeats. The coordinated leader election
 * fields (`strategy`, `preferredHolder`) sit behind a feature gate that is
 * off by default in v1.32, so writes drop them unless already stored.
 */
import { invalid, type FieldError } from "../machinery/field-errors.js";
import { ageColumn, nameColumn } from "./columns.js";
import { objectSchema } from "./common/meta.js";
import { objectField } from "./common/core-schemas.js";
import { dateTime, int32, string } from "./common/schema-builders.js";
import type { KindDefinition, KubeObject } from "./types.js";

interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  leaseTransitions?: number;
  strategy?: string;
  preferredHolder?: string;
}

interface Lease extends KubeObject {
  spec?: LeaseSpec;
}

const schema = objectSchema("A lock held by one identity for a time, for leader election and heartbeats.", {
  spec: objectField("The holder and timing of the lease.", {
    acquireTime: dateTime("When the current holder acquired the lease."),
    holderIdentity: string("Identity of the current holder."),
    leaseDurationSeconds: int32("Seconds candidates wait after the last renewal before taking the lease over."),
    leaseTransitions: int32("How many times the lease has changed holders."),
    preferredHolder: string("A better holder the current one should hand over to; needs strategy."),
    renewTime: dateTime("When the current holder last renewed the lease."),
    strategy: string("How a coordinated leader election picks the holder, e.g. OldestEmulationVersion."),
  }),
});

const GATED_FIELDS = ["strategy", "preferredHolder"] as const;

/** Drops the gated fields unless the stored lease already uses them. */
function dropGatedFields(lease: Lease, old: Lease | undefined): void {
  for (const field of GATED_FIELDS) {
    if (lease.spec && old?.spec?.[field] === undefined) delete lease.spec[field];
  }
}

function validateLease(lease: Lease): FieldError[] {
  const { leaseDurationSeconds, leaseTransitions } = lease.spec ?? {};
  const errors: FieldError[] = [];
  if (leaseDurationSeconds !== undefined && leaseDurationSeconds <= 0) {
    errors.push(invalid("spec.leaseDurationSeconds", leaseDurationSeconds, "must be greater than 0"));
  }
  if (leaseTransitions !== undefined && leaseTransitions < 0) {
    errors.push(invalid("spec.leaseTransitions", leaseTransitions, "must be greater than or equal to 0"));
  }
  return errors;
}

export const leaseKind = {
  group: "coordination.k8s.io",
  version: "v1",
  kind: "Lease",
  listKind: "LeaseList",
  plural: "leases",
  singular: "lease",
  shortNames: [],
  categories: [],
  namespaced: true,
  schema,
  tracksGeneration: false,
  subresources: { status: false },
  strategy: {
    prepareForCreate: (object) => dropGatedFields(object as Lease, undefined),
    prepareForUpdate: (object, old) => dropGatedFields(object as Lease, old as Lease),
    validate: (object) => validateLease(object as Lease),
  },
  columns: [
    nameColumn,
    {
      name: "Holder",
      type: "string",
      description: "Identity of the current holder.",
      priority: 0,
      cell: (object) => (object as Lease).spec?.holderIdentity ?? "",
    },
    ageColumn,
  ],
} satisfies KindDefinition;
