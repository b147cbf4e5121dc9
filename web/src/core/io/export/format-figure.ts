/**
 * The one rounding every export uses, so a figure reads the same in the CSV, the XLSX, the
 * GeoJSON and the report (and as in the coverage CLI's CSV): shares are fractions in [0, 1] to
 * 6 decimals (0.0001 percentage points), people, metres and m² to 1 decimal, capacity per 1,000
 * to 3, percentage points to 4. Anything else is written as it is.
 */
export type FigureKind = 'share' | 'people' | 'metres' | 'area_m2' | 'per_1000' | 'pp' | 'count'

const DIGITS: Readonly<Record<FigureKind, number | null>> = {
  share: 6,
  people: 1,
  metres: 1,
  area_m2: 1,
  per_1000: 3,
  pp: 4,
  count: null,
}

/**
 * A figure rounded for export; null stays null (written as an empty cell).
 * @example formatFigure('share', 0.123456789) // 0.123457
 * @example formatFigure('people', null) // null
 */
export function formatFigure(kind: FigureKind, value: number | null | undefined): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null
  const digits = DIGITS[kind]
  if (digits === null) return value
  const k = 10 ** digits
  const r = Math.round(value * k) / k
  // No "-0" in a file.
  return r === 0 ? 0 : r
}
