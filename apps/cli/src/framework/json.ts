/**
 * Results travel as plain JSON: typed arrays become arrays, non-finite numbers become null (JSON has
 * no NaN/Infinity; a divergent quantity is flagged by its own field, e.g. `divergent: true`).
 */
export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "function") return undefined;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return Array.from(value as unknown as ArrayLike<number>, (x) => toPlain(x));
  }
  if (Array.isArray(value)) return value.map((x) => toPlain(x) ?? null);
  if (value instanceof Map) return toPlain(Object.fromEntries(value));
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const p = toPlain(v);
      if (p !== undefined) out[k] = p;
    }
    return out;
  }
  return undefined;
}

export function stringifyResult(value: unknown): string {
  return `${JSON.stringify(toPlain(value), null, 2)}\n`;
}
