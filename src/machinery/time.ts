/**
 * metav1.Time on the wire: RFC 3339 in UTC, whole seconds
 * (`2026-11-25T22:01:37Z`), the form every timestamp in an object takes.
 * Nearly every write asks for the current second (managedFields times,
 * conditions, events), so the last second's text is kept: formatting a
 * Date is a measurable share of a busy server's CPU.
 */
let lastSecond = Number.NaN;
let lastText = "";

/** metav1.MicroTime on the wire (Lease renewTime, events.k8s.io eventTime): RFC 3339 with microseconds. */
export function microTimestamp(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

export function timestamp(date: Date | number = Date.now()): string {
  const second = Math.floor((typeof date === "number" ? date : date.getTime()) / 1000);
  if (second !== lastSecond) {
    lastText = new Date(second * 1000).toISOString().replace(/\.000Z$/, "Z");
    lastSecond = second;
  }
  return lastText;
}
