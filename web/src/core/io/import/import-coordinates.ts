/**
 * Positions in the three coordinate systems Chinese data comes in — WGS-84 (GPS, OpenStreetMap,
 * Tianditu), GCJ-02 (AMap/Gaode, Tencent) and BD-09 (Baidu) — converted to WGS-84 with gcoord,
 * and a check for points that look shifted by one of the two obfuscations.
 */
import gcoord from 'gcoord'
import KDBush from 'kdbush'
import { DEG_TO_RAD, M_PER_DEG_LAT, metersPerDegreeLon } from '../../catalog/geo-limits.ts'
import { EARTH_RADIUS_M } from '../../geo/units.ts'
import type { ImportCrs } from './import-types.ts'

const GCOORD_CRS = { wgs84: gcoord.WGS84, gcj02: gcoord.GCJ02, bd09: gcoord.BD09 } as const

/**
 * A position (degrees) in `crs` as WGS-84 degrees. gcoord leaves points outside its rough China
 * box unchanged (the offsets are only applied inside China).
 * @example toWgs84(116.404, 39.915, 'gcj02') // ≈ [116.3978, 39.9136]
 */
export function toWgs84(lon: number, lat: number, crs: ImportCrs): [number, number] {
  if (crs === 'wgs84') return [lon, lat]
  const [x, y] = gcoord.transform([lon, lat], GCOORD_CRS[crs], gcoord.WGS84) as [number, number]
  return [x, y]
}

/** Great-circle distance, metres on the project's sphere (R = 6,371,008.8 m). */
export function distanceM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const p1 = lat1 * DEG_TO_RAD
  const p2 = lat2 * DEG_TO_RAD
  const h =
    Math.sin((p2 - p1) / 2) ** 2 +
    Math.cos(p1) * Math.cos(p2) * Math.sin(((lon2 - lon1) * DEG_TO_RAD) / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)))
}

/** Points compared in the offset check (an even sample of the file). */
const SAMPLE = 300
/** Nearest references are looked for this far, metres; farther counts as this far. */
const SEARCH_M = 2000
/**
 * The GCJ-02 shift is 100–700 m across China and BD-09 adds ~1 km more: a reading that brings
 * the points this much closer to the references (median, metres, and as a ratio) is a hint.
 */
const MIN_GAIN_M = 80
const MIN_RATIO = 0.5

export interface OffsetCheck {
  /** The system the points most likely are in, when it is not the declared one. */
  likely: ImportCrs | null
  /** Median distance to the nearest reference, metres, per reading of the points. */
  medianM: Record<ImportCrs, number>
  /** Sentence for the report; null when nothing looks wrong. */
  hint: string | null
}

function median(values: number[]): number {
  if (values.length === 0) return NaN
  const s = [...values].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/**
 * Compares the imported points (as read, in `declared`) with reference points known to be
 * WGS-84 (existing records of the same city, or community centroids), trying each system's
 * reading of the raw positions: if another system puts the points clearly closer to the
 * references (median nearest distance down by ≥ 80 m and by half), the file was probably in
 * that system. Only a hint: it needs references near the points, and says nothing without.
 * @example checkOffset([[121.5, 25.0]], 'wgs84', [[121.5, 25.0]]).likely // null
 */
export function checkOffset(
  raw: readonly (readonly [number, number])[],
  declared: ImportCrs,
  references: readonly (readonly [number, number])[],
): OffsetCheck {
  const medianM = { wgs84: NaN, gcj02: NaN, bd09: NaN } as Record<ImportCrs, number>
  if (raw.length === 0 || references.length === 0) return { likely: null, medianM, hint: null }
  const index = new KDBush(references.length)
  for (const [x, y] of references) index.add(x, y)
  index.finish()
  const step = Math.max(1, Math.floor(raw.length / SAMPLE))
  const sample: (readonly [number, number])[] = []
  for (let i = 0; i < raw.length; i += step) sample.push(raw[i]!)
  const nearest = (lon: number, lat: number): number => {
    const dLat = SEARCH_M / M_PER_DEG_LAT
    const dLon = SEARCH_M / Math.max(1, metersPerDegreeLon(lat))
    let best = SEARCH_M
    for (const i of index.range(lon - dLon, lat - dLat, lon + dLon, lat + dLat)) {
      const [x, y] = references[i]!
      best = Math.min(best, distanceM(lon, lat, x, y))
    }
    return best
  }
  for (const crs of ['wgs84', 'gcj02', 'bd09'] as const) {
    medianM[crs] = median(sample.map(([x, y]) => nearest(...toWgs84(x, y, crs))))
  }
  const asRead = medianM[declared]
  let likely: ImportCrs | null = null
  for (const crs of ['wgs84', 'gcj02', 'bd09'] as const) {
    if (crs === declared) continue
    const m = medianM[crs]
    if (
      asRead - m >= MIN_GAIN_M &&
      m <= asRead * MIN_RATIO &&
      (likely === null || m < medianM[likely])
    )
      likely = crs
  }
  const name = { wgs84: 'WGS-84', gcj02: 'GCJ-02 (AMap/Tencent)', bd09: 'BD-09 (Baidu)' }
  const hint =
    likely === null
      ? null
      : `the points look offset: read as ${name[declared]} they lie a median ${Math.round(asRead)} m from the nearest reference point, read as ${name[likely]} ${Math.round(medianM[likely])} m — was the file exported from a ${name[likely]} map? Import it again with that coordinate system.`
  return { likely, medianM, hint }
}
