/**
 * What the map needs before the embedded database is open: the public answers of the three
 * read functions every workspace starts from (`list_categories`, `list_communities`,
 * `facilities_in_bbox`), as an anonymous caller gets them.
 *
 * Two sources, never mixed up with the database's truth for longer than it takes to open:
 * - on a first visit (no database in this profile yet), the answers the build computed from the
 *   very database image this visit is loading (scripts/build-db-image.ts), so they are exactly
 *   what the database will answer;
 * - on a later visit, the answers this profile's database last gave an anonymous caller, kept
 *   in IndexedDB and dropped whenever a row changes (see early-answers-cache.ts).
 *
 * Once the database is open every call goes to it and every early answer is fetched again.
 */
import type { FacilityRow } from './row-schemas.ts'

/** The public answers, as the RPC path returns them (JSON: rows of plain values). */
export interface PublicAnswers {
  list_categories: unknown[]
  list_communities: unknown[]
  /** Every facility an anonymous caller sees, in `facilities_in_bbox`'s order. */
  facilities: unknown[]
}

/** The functions an early answer exists for. */
export const EARLY_FUNCTIONS = [
  'list_categories',
  'list_communities',
  'facilities_in_bbox',
] as const

function finite(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

/**
 * `facilities_in_bbox` over the public facilities, with the function's own semantics
 * (inclusive bounds; `categories` null or absent means every category; the rows keep the
 * function's order, category then name then id). Null when the arguments are not ones the
 * function would take, so the call waits for the database and gets its real error.
 */
function facilitiesInBbox(rows: unknown[], args: Record<string, unknown>): unknown[] | null {
  const minLon = finite(args['min_lon'])
  const minLat = finite(args['min_lat'])
  const maxLon = finite(args['max_lon'])
  const maxLat = finite(args['max_lat'])
  if (minLon === null || minLat === null || maxLon === null || maxLat === null) return null
  const raw = args['categories']
  if (raw !== undefined && raw !== null && !Array.isArray(raw)) return null
  const categories = Array.isArray(raw) ? new Set(raw.map(String)) : null
  return rows.filter((row) => {
    const f = row as Partial<FacilityRow>
    const { lon, lat, category } = f
    return (
      typeof lon === 'number' &&
      typeof lat === 'number' &&
      lon >= minLon &&
      lon <= maxLon &&
      lat >= minLat &&
      lat <= maxLat &&
      (categories === null || (typeof category === 'string' && categories.has(category)))
    )
  })
}

/**
 * The early answer to `fn(args)`, or undefined when there is none (the call must wait for the
 * database). The rows are fresh copies: a caller may keep or change them.
 */
export function answerEarly(
  answers: PublicAnswers,
  fn: string,
  args: Record<string, unknown> = {},
): unknown[] | undefined {
  let rows: unknown[] | null
  switch (fn) {
    case 'list_categories':
    case 'list_communities':
      rows = Object.keys(args).length === 0 ? answers[fn] : null
      break
    case 'facilities_in_bbox':
      rows = facilitiesInBbox(answers.facilities, args)
      break
    default:
      rows = null
  }
  return rows ? (structuredClone(rows) as unknown[]) : undefined
}

function isRowArray(value: unknown): value is unknown[] {
  return Array.isArray(value) && value.every((r) => typeof r === 'object' && r !== null)
}

/** Checks a parsed snapshot (from the build or the cache); null when it is not one. */
export function publicAnswersFrom(value: unknown): PublicAnswers | null {
  if (typeof value !== 'object' || value === null) return null
  const v = value as Record<string, unknown>
  const { list_categories, list_communities, facilities } = v
  if (!isRowArray(list_categories) || !isRowArray(list_communities) || !isRowArray(facilities))
    return null
  return { list_categories, list_communities, facilities }
}
