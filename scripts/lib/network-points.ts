import { readFile, writeFile } from 'node:fs/promises'
import type { CoverageInput } from '../../web/src/core/coverage/types.ts'
import { InputError, type InputIssue } from '../../web/src/core/io/input-issue.ts'
import { normalizePoint, parseGeoJson } from '../../web/src/core/io/parse-geojson.ts'
import type { EdgeSnapper } from '../../web/src/core/network/edge-snapper.ts'
import {
  pointDistances,
  type PointDistanceRow,
} from '../../web/src/core/network/point-distances.ts'
import { toCsv } from '../../web/src/core/io/write-csv.ts'

/**
 * Reads GeoJSON Point features with an `id` property (the `point_id` of the output). Points
 * without an id or with bad coordinates are errors naming the feature: a point check must not
 * silently lose points.
 * @example await readPointsFile('homes.geojson')
 */
export async function readPointsFile(
  path: string,
): Promise<{ id: string; lngLat: [number, number] }[]> {
  const text = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new InputError([
      {
        source: path,
        where: 'file',
        field: 'file',
        message: `cannot read (${e.code ?? e.message})`,
        severity: 'error',
      },
    ])
  })
  const issues: InputIssue[] = []
  const out: { id: string; lngLat: [number, number] }[] = []
  const seen = new Set<string>()
  for (const f of parseGeoJson(text, { source: path })) {
    const where = `feature ${f.index}`
    const id = f.properties.id
    if ((typeof id !== 'string' && typeof id !== 'number') || String(id) === '') {
      issues.push({
        source: path,
        where,
        field: 'id',
        message: 'every point needs an id property',
        severity: 'error',
      })
      continue
    }
    if (seen.has(String(id))) {
      issues.push({
        source: path,
        where,
        field: 'id',
        message: `duplicate id ${JSON.stringify(id)}`,
        severity: 'error',
      })
      continue
    }
    seen.add(String(id))
    const g = normalizePoint(f.geometry, null)
    if (!g.ok) {
      issues.push({ source: path, where, field: 'geometry', message: g.message, severity: 'error' })
      continue
    }
    out.push({ id: String(id), lngLat: [g.geometry.coordinates[0]!, g.geometry.coordinates[1]!] })
  }
  if (issues.length > 0) throw new InputError(issues)
  return out
}

/**
 * The rows as CSV: `point_id, category, network_m, straight_m, linked` (metres to 0.1 m;
 * `network_m` empty when the point is unlinked or reaches no facility).
 * @example pointDistancesCsv(rows)
 */
export function pointDistancesCsv(rows: readonly PointDistanceRow[]): string {
  const m = (v: number | null): string => (v === null ? '' : v.toFixed(1))
  return toCsv(
    ['point_id', 'category', 'network_m', 'straight_m', 'linked'],
    rows.map((r) => [r.point_id, r.category, m(r.network_m), m(r.straight_m), r.linked]),
  )
}

/**
 * For each point of `pointsPath` and each category of the run, the walking distance to the
 * nearest linked facility and the straight-line distance to the nearest facility (counted
 * statuses only, as the coverage counts them), written to `outPath`.
 * @example await writePointDistances(snapper, input, 'homes.geojson', 'homes.csv', 200)
 */
export async function writePointDistances(
  snapper: EdgeSnapper,
  input: CoverageInput,
  pointsPath: string,
  outPath: string,
  maxSnapM: number,
): Promise<{ points: number; unlinked: number }> {
  const points = await readPointsFile(pointsPath)
  const counted = new Set<string>(input.settings.count_statuses ?? ['open'])
  const byCategory = new Map<string, [number, number][]>()
  for (const c of input.settings.categories) byCategory.set(c.code, [])
  for (const f of input.facilities) {
    const list = byCategory.get(f.properties.category)
    const c = f.geometry?.coordinates
    if (!list || !c || !counted.has(f.properties.status ?? 'open')) continue
    list.push([c[0]!, c[1]!])
  }
  const rows = pointDistances(snapper, points, byCategory, maxSnapM)
  await writeFile(outPath, pointDistancesCsv(rows))
  const unlinked = new Set(rows.filter((r) => !r.linked).map((r) => r.point_id)).size
  return { points: points.length, unlinked }
}
