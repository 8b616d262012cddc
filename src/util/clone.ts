/**
 * Deep copy of plain data (objects, arrays, primitives): the twin's state and the rules' monitor
 * memory are plain data by contract, so this is all a copy needs. Faster than structuredClone
 * for the small, flat objects they are made of.
 */
export function clonePlain<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    const a: unknown[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) a[i] = clonePlain(v[i]);
    return a as T;
  }
  const src = v as Record<string, unknown>;
  const o: Record<string, unknown> = {};
  for (const k in src) {
    const x = src[k];
    o[k] = typeof x === 'object' && x !== null ? clonePlain(x) : x;
  }
  return o as T;
}
