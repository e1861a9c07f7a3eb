/**
 * metav1.Time on the wire: RFC 3339 in UTC, whole seconds
 * (`2026-11-25T22:01:37Z`), the form every timestamp in an object takes.
 */
export function timestamp(date: Date | number = new Date()): string {
  return (typeof date === "number" ? new Date(date) : date).toISOString().replace(/\.\d{3}Z$/, "Z");
}
