import type { MultiPolygon, Polygon } from 'geojson'
import KDBush from 'kdbush'
import { projectStereographic, type StereographicPlane } from '../geo/stereographic.ts'
import { fillPolygons, projectPolygonal, type PlaneGrid, type PlaneRings } from './plane-grid.ts'

/** Default spacing of candidate sites, metres. */
export const DEFAULT_CANDIDATE_SPACING_M = 100

/** Lattice points looked at, at most: 4 million is a 200 km square at 100 m. */
export const MAX_LATTICE_POINTS = 4_000_000

export interface CandidateOptions {
  /** Spacing of the candidate lattice, metres (default {@link DEFAULT_CANDIDATE_SPACING_M}). */
  spacingM?: number
  /** Only candidates inside these communities (indices); default every community. */
  communities?: readonly number[]
  /** Only candidates inside this lon/lat polygon (an area the planner drew). */
  within?: Polygon | MultiPolygon
  /** Leave out candidates closer than `minDistanceM` to any of these plane points. */
  avoid?: { x: Float64Array; y: Float64Array; minDistanceM: number }
}

export interface CandidateSites {
  /** Plane coordinates, metres. */
  x: Float64Array
  y: Float64Array
  /** Index of the community each lies in. */
  community: Int32Array
}

/**
 * Candidate sites: the points of a square lattice (multiples of `spacingM` in the city plane)
 * that lie inside a community — optionally only the listed ones and only inside a drawn
 * polygon — and not too near an existing facility.
 * @example candidateSites(plane, communityPolys, { spacingM: 100, within: drawn.geometry })
 */
export function candidateSites(
  plane: StereographicPlane,
  communityPolys: readonly PlaneRings[][],
  options: CandidateOptions = {},
): CandidateSites {
  const spacing = options.spacingM ?? DEFAULT_CANDIDATE_SPACING_M
  if (!(spacing > 0)) throw new RangeError(`candidate spacing must be > 0 m, not ${spacing}`)
  const chosen = options.communities ?? communityPolys.map((_, k) => k)
  let xmin = Infinity
  let ymin = Infinity
  let xmax = -Infinity
  let ymax = -Infinity
  for (const k of chosen)
    for (const rings of communityPolys[k] ?? []) {
      const r = rings[0]
      if (!r) continue
      for (let t = 0; t < r.length; t += 2) {
        xmin = Math.min(xmin, r[t]!)
        xmax = Math.max(xmax, r[t]!)
        ymin = Math.min(ymin, r[t + 1]!)
        ymax = Math.max(ymax, r[t + 1]!)
      }
    }
  if (!(xmin <= xmax))
    return { x: new Float64Array(0), y: new Float64Array(0), community: new Int32Array(0) }
  // A grid whose cell centres are the lattice points, so "centre inside" is "site inside".
  const a0 = Math.floor(xmin / spacing)
  const b0 = Math.floor(ymin / spacing)
  const lattice: PlaneGrid = {
    plane,
    x0: (a0 - 0.5) * spacing,
    y0: (b0 - 0.5) * spacing,
    cell: spacing,
    nx: Math.ceil(xmax / spacing) - a0 + 1,
    ny: Math.ceil(ymax / spacing) - b0 + 1,
  }
  if (lattice.nx * lattice.ny > MAX_LATTICE_POINTS)
    throw new RangeError(
      `a ${spacing} m candidate lattice over this area has ${lattice.nx * lattice.ny} points (limit ${MAX_LATTICE_POINTS}): use a wider spacing or a smaller area`,
    )
  const owner = new Int32Array(lattice.nx * lattice.ny).fill(-1)
  for (const k of chosen) {
    fillPolygons(lattice, communityPolys[k] ?? [], (cell) => {
      if (owner[cell] === -1) owner[cell] = k
    })
  }
  if (options.within) {
    const inside = new Uint8Array(owner.length)
    fillPolygons(lattice, projectPolygonal(plane, options.within), (cell) => {
      inside[cell] = 1
    })
    for (let c = 0; c < owner.length; c++) if (!inside[c]) owner[c] = -1
  }
  let index: KDBush | null = null
  const avoid = options.avoid
  if (avoid && avoid.minDistanceM > 0 && avoid.x.length > 0) {
    index = new KDBush(avoid.x.length)
    for (let i = 0; i < avoid.x.length; i++) index.add(avoid.x[i]!, avoid.y[i]!)
    index.finish()
  }
  const xs: number[] = []
  const ys: number[] = []
  const cs: number[] = []
  for (let c = 0; c < owner.length; c++) {
    if (owner[c] === -1) continue
    const x = lattice.x0 + ((c % lattice.nx) + 0.5) * spacing
    const y = lattice.y0 + (Math.floor(c / lattice.nx) + 0.5) * spacing
    if (index && avoid && index.within(x, y, avoid.minDistanceM).length > 0) continue
    xs.push(x)
    ys.push(y)
    cs.push(owner[c]!)
  }
  return { x: Float64Array.from(xs), y: Float64Array.from(ys), community: Int32Array.from(cs) }
}

const xy = new Float64Array(2)

/**
 * Lon/lat points (degrees) projected into the plane, metres.
 * @example projectPoints(plane, facilities.map((f) => f.geometry.coordinates))
 */
export function projectPoints(
  plane: StereographicPlane,
  points: readonly (readonly number[])[],
): { x: Float64Array; y: Float64Array } {
  const x = new Float64Array(points.length)
  const y = new Float64Array(points.length)
  points.forEach((p, i) => {
    projectStereographic(plane, p[0]!, p[1]!, xy, 0)
    x[i] = xy[0]!
    y[i] = xy[1]!
  })
  return { x, y }
}
