type Growable = Float64Array | Int32Array | Int8Array | Uint8Array

/**
 * `a` itself when it holds at least `n` items, else a copy at least twice as long: the hot
 * loops keep scratch buffers and grow them rarely instead of allocating per call.
 * @example buf = grown(buf, 3 * circles)
 */
export function grown<T extends Growable>(a: T, n: number): T {
  if (a.length >= n) return a
  const b = new (a.constructor as new (length: number) => T)(Math.max(n, 2 * a.length))
  b.set(a)
  return b
}
