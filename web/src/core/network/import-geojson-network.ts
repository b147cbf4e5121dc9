import KDBush from 'kdbush'
import { EARTH_RADIUS_M } from '../geo/units.ts'
import type { InputIssue } from '../io/input-issue.ts'
import { InputError } from '../io/input-issue.ts'
import { parseGeoJson } from '../io/parse-geojson.ts'
import {
  buildWalkGraph,
  lineLengthM,
  type NetworkReport,
  type RawNetwork,
  type RawWay,
} from './build-walk-graph.ts'
import { walkableWay, type DropReason } from './walkable-way.ts'
import type { WalkGraph } from './walk-graph.ts'

/** Vertices closer than this may be merged into one junction, and no farther (metres). */
export const MAX_MERGE_M = 0.5

export interface GeoJsonNetworkOptions {
  /** File name for messages. */
  source?: string
  /**
   * Merge vertices closer than this many metres (0 = exact coordinate match only, the
   * default; at most {@link MAX_MERGE_M}). Useful for lines digitised without shared vertices.
   */
  mergeM?: number
}

const DEG = Math.PI / 180

function isPosition(p: unknown): p is [number, number] {
  return (
    Array.isArray(p) &&
    p.length >= 2 &&
    typeof p[0] === 'number' &&
    typeof p[1] === 'number' &&
    Number.isFinite(p[0]) &&
    Number.isFinite(p[1]) &&
    Math.abs(p[0]) <= 180 &&
    Math.abs(p[1]) <= 90
  )
}

/**
 * Reads a walking network from GeoJSON LineStrings and MultiLineStrings. A junction is every
 * vertex whose coordinates occur more than once — where two lines share it, or one line passes
 * it twice — and every line end; lines that merely cross without a shared vertex do not meet
 * (a bridge over a street). Features with a `highway` property (OSM-derived files) go through
 * the same walkable filter as OSM ways, as do `foot` / `access` properties; others are walkable
 * at cost factor 1. Other geometries and lines with bad coordinates are skipped and reported;
 * a file with no usable line throws {@link InputError}.
 * @example importGeoJsonNetwork(text, { source: 'streets.geojson' }).report.kept.edges
 */
export function importGeoJsonNetwork(
  text: string,
  options: GeoJsonNetworkOptions = {},
): { graph: WalkGraph; report: NetworkReport } {
  const source = options.source ?? 'GeoJSON'
  const mergeM = options.mergeM ?? 0
  if (!(mergeM >= 0 && mergeM <= MAX_MERGE_M)) {
    throw new InputError([
      {
        source,
        where: 'options',
        field: 'mergeM',
        message: `vertices may be merged within at most ${MAX_MERGE_M} m, not ${mergeM}`,
        severity: 'error',
      },
    ])
  }
  const features = parseGeoJson(text, { source })
  const issues: InputIssue[] = []
  const index = new Map<string, number>()
  const coords: number[] = []
  const ways: RawWay[] = []
  const filtered: RawNetwork['filtered'] = {}
  let waysRead = 0
  const vertexOf = (p: [number, number]): number => {
    const key = `${p[0]},${p[1]}`
    let v = index.get(key)
    if (v === undefined) {
      v = coords.length / 2
      index.set(key, v)
      coords.push(p[0], p[1])
    }
    return v
  }
  for (const f of features) {
    const where = `feature ${f.index}`
    const g = f.geometry as { type?: unknown; coordinates?: unknown } | null
    let lines: unknown[]
    if (g && g.type === 'LineString') lines = [g.coordinates]
    else if (g && g.type === 'MultiLineString' && Array.isArray(g.coordinates))
      lines = g.coordinates
    else {
      issues.push({
        source,
        where,
        field: 'geometry',
        message: `expected a LineString or MultiLineString, found ${g === null ? 'null' : JSON.stringify(g?.type ?? null)}; skipped`,
        severity: 'skipped',
      })
      continue
    }
    const tags: Record<string, string> = { highway: 'road' }
    for (const [k, val] of Object.entries(f.properties)) {
      if (typeof val === 'string') tags[k] = val
    }
    lines.forEach((line, li) => {
      waysRead++
      const lineWhere = lines.length > 1 ? `${where} line ${li}` : where
      if (!Array.isArray(line) || line.length < 2 || !line.every(isPosition)) {
        issues.push({
          source,
          where: lineWhere,
          field: 'geometry',
          message: 'a line needs at least two [longitude, latitude] positions in range; skipped',
          severity: 'skipped',
        })
        return
      }
      const vertices = (line as [number, number][]).map(vertexOf)
      const verdict = walkableWay(tags)
      if (!verdict.walkable) {
        const r = (filtered[verdict.reason as DropReason] ??= { ways: 0, lengthM: 0 })
        r.ways++
        r.lengthM += lineLengthM(coords, vertices)
        return
      }
      ways.push({ vertices, factor: verdict.factor })
    })
  }
  if (ways.length === 0) {
    throw new InputError([
      ...issues,
      {
        source,
        where: 'file',
        field: 'geometry',
        message: 'no walkable LineString or MultiLineString in the file',
        severity: 'error',
      },
    ])
  }
  let vertexLngLat: ArrayLike<number> = coords
  if (mergeM > 0) {
    const rep = mergeClose(coords, mergeM)
    for (const w of ways) w.vertices = Array.from(w.vertices, (v) => rep[v]!)
    vertexLngLat = coords
  }
  return buildWalkGraph({ source, vertexLngLat, ways, waysRead, filtered, issues })
}

/**
 * For each vertex, the vertex that stands for it after merging every pair closer than `m`
 * metres (transitively, through union–find). Distances in a local equirectangular plane, which
 * is exact to well under a millimetre at this range.
 */
function mergeClose(coords: number[], m: number): Int32Array {
  const n = coords.length / 2
  let latSum = 0
  for (let i = 0; i < n; i++) latSum += coords[2 * i + 1]!
  const kx = EARTH_RADIUS_M * DEG * Math.cos((latSum / Math.max(n, 1)) * DEG)
  const ky = EARTH_RADIUS_M * DEG
  const tree = new KDBush(n)
  for (let i = 0; i < n; i++) tree.add(coords[2 * i]! * kx, coords[2 * i + 1]! * ky)
  tree.finish()
  const parent = new Int32Array(n)
  for (let i = 0; i < n; i++) parent[i] = i
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!
    return i
  }
  for (let i = 0; i < n; i++) {
    const x = coords[2 * i]! * kx
    const y = coords[2 * i + 1]! * ky
    for (const j of tree.within(x, y, m)) {
      if (j === i) continue
      const a = root(i)
      const b = root(j)
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b)
    }
  }
  const rep = new Int32Array(n)
  for (let i = 0; i < n; i++) rep[i] = root(i)
  return rep
}
