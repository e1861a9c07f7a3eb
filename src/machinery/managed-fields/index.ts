/**
 * Server-side apply and managedFields: who owns which field of an object,
 * kept on every write, and the apply that merges a manager's configuration
 * with conflicts. Other folders use this front door only.
 */
export { applyManagedObject, recordManagedFields, LAST_APPLIED_ANNOTATION, type ApplyRequest, type ManagedWrite } from "./field-manager.js";
export { writeManager, type WriteVerb } from "./manager-name.js";
