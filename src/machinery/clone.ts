/**
 * Copying JSON values, and writing members of JSON objects (`setMember`, which
 * every copy and merge uses for keys that come from clients).
 *
 * cloneJson: a deep copy of a JSON value (an API object, a part of one, a patch).
 * structuredClone does the same job through the serializer and is about
 * seven times slower on a pod; every write copies objects several times,
 * so the difference is a visible share of a busy server's CPU.
 *
 * Plain objects and arrays are copied; anything else is a JSON leaf and is
 * shared as it is. A key whose value is undefined is left out, as JSON
 * leaves it out: what a write stores (and its watchers read) has the same
 * keys as its JSON text. A `__proto__` key (JSON.parse makes it an ordinary
 * own property) stays a property of the copy instead of becoming its prototype.
 */
export function cloneJson<T>(value: T): T {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    const copy = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) copy[i] = cloneJson(value[i] as unknown);
    return copy as T;
  }
  const copy: Record<string, unknown> = {};
  for (const key in value) {
    const item = cloneJson((value as Record<string, unknown>)[key]);
    if (item !== undefined) setMember(copy, key, item);
  }
  return copy as T;
}

/**
 * Writes an own member; plain assignment to `__proto__` would replace the prototype instead. Every
 * other key is assigned, which is cheaper than defining it (a descriptor object per member).
 */
export function setMember(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}
