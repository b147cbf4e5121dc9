/**
 * A deep copy with every number rounded to `digits` significant digits: for golden files and
 * for comparing results whose sums were taken in another order (worker parts, what-if updates).
 * @example roundNumbers({ share: 0.123456789 }, 4) // { share: 0.1235 }
 */
export function roundNumbers<T>(value: T, digits: number): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'number') return Number.isFinite(v) ? Number(v.toPrecision(digits)) : v
    if (Array.isArray(v)) return v.map(walk)
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]))
    }
    return v
  }
  return walk(value) as T
}
