import KDBush from 'kdbush'
import { M_PER_DEG_LAT, metersPerDegreeLon } from '../../catalog/geo-limits.ts'
import { distanceM } from './import-coordinates.ts'
import type { ExistingFacility } from './import-types.ts'
import { normalizeForMatch } from './import-values.ts'

/** Two records with the same name closer than this are one facility, metres. */
export const DUPLICATE_DISTANCE_M = 50
/** Addresses shorter than this (after normalising) are too vague to call two records one. */
const MIN_ADDRESS_KEY = 4

export interface DuplicateCandidate {
  name: string
  address: string | null
  category: string
  /** WGS-84 degrees. */
  lon: number
  lat: number
}

export type DuplicateOf = { index: number } | { existing: ExistingFacility }

/**
 * For each candidate, the earlier candidate or the existing record it repeats, or null: the
 * same name (case, spaces, punctuation and 臺/台 ignored) within `distanceM`, or the same
 * address in the same category. Earlier rows win, so the first of a group is kept.
 * @example findDuplicates([{ name: 'A', address: null, category: 'store', lon: 121.5, lat: 25 }, { name: 'a ', address: null, category: 'store', lon: 121.5002, lat: 25 }], [])[1] // { index: 0 }
 */
export function findDuplicates(
  candidates: readonly DuplicateCandidate[],
  existing: readonly ExistingFacility[],
  distanceLimitM: number = DUPLICATE_DISTANCE_M,
): (DuplicateOf | null)[] {
  type Entry = { name: string; lon: number; lat: number; ref: DuplicateOf }
  const entries: Entry[] = []
  const byAddress = new Map<string, DuplicateOf>()
  const addressKey = (address: string | null | undefined, category: string | null | undefined) => {
    if (!address) return null
    const a = normalizeForMatch(address)
    return a.length >= MIN_ADDRESS_KEY ? `${category ?? '*'}\u0000${a}` : null
  }
  for (const e of existing) {
    if (!Number.isFinite(e.lon) || !Number.isFinite(e.lat)) continue
    entries.push({ name: normalizeForMatch(e.name), lon: e.lon, lat: e.lat, ref: { existing: e } })
    const key = addressKey(e.address, e.category)
    if (key && !byAddress.has(key)) byAddress.set(key, { existing: e })
  }
  candidates.forEach((c, i) =>
    entries.push({ name: normalizeForMatch(c.name), lon: c.lon, lat: c.lat, ref: { index: i } }),
  )
  const index = new KDBush(Math.max(1, entries.length))
  for (const e of entries) index.add(e.lon, e.lat)
  if (entries.length === 0) index.add(0, 0)
  index.finish()

  const firstCandidate = entries.length - candidates.length
  return candidates.map((c, i) => {
    const me = firstCandidate + i
    const name = entries[me]!.name
    const dLat = distanceLimitM / M_PER_DEG_LAT
    const dLon = distanceLimitM / Math.max(1, metersPerDegreeLon(c.lat))
    let best: { at: number; ref: DuplicateOf } | null = null
    for (const j of index.range(c.lon - dLon, c.lat - dLat, c.lon + dLon, c.lat + dLat)) {
      const e = entries[j]
      if (!e || j === me || e.name !== name || name === '') continue
      // Existing records, then earlier rows; never a later row.
      const isEarlier = 'existing' in e.ref || e.ref.index < i
      if (!isEarlier) continue
      if (distanceM(c.lon, c.lat, e.lon, e.lat) > distanceLimitM) continue
      const rank = 'existing' in e.ref ? -1 : e.ref.index
      if (best === null || rank < best.at) best = { at: rank, ref: e.ref }
    }
    if (best) return best.ref
    const key = addressKey(c.address, c.category)
    const anyKey = addressKey(c.address, null)
    const hit = (key && byAddress.get(key)) || (anyKey && byAddress.get(anyKey)) // an existing record without a category
    if (key && !byAddress.has(key)) byAddress.set(key, { index: i })
    return hit || null
  })
}
