import type { Position } from 'geojson'
import { mulberry32, type Random } from '../geo/prng.ts'
import { EARTH_RADIUS_M, meters } from '../geo/units.ts'
import type {
  CategorySetting,
  CommunityFeature,
  FacilityFeature,
  PopulationFeature,
  TargetGroup,
} from './types.ts'

export interface TestCityOptions {
  seed: number
  /** Number of communities (laid out on a jittered grid of ~1 km cells). */
  communities: number
  /** Number of facilities over all categories. */
  facilities: number
  /** How many of canteen, childcare, fitness, store (default 4), or explicit codes. */
  categories?: number | string[]
  /** Reach of every category, metres (default 1000). */
  reachM?: number
  /** Cell size, metres (default 1000). */
  cellM?: number
  /** Also make a population layer: 2 × 2 blocks per community (default false). */
  populationBlocks?: boolean
}

export interface TestCity {
  communities: CommunityFeature[]
  facilities: FacilityFeature[]
  population: PopulationFeature[]
  categories: CategorySetting[]
}

const KNOWN: Record<
  string,
  { weight: number; group: TargetGroup; capacity: [number, number] | null }
> = {
  canteen: { weight: 0.1, group: 'elderly', capacity: [20, 80] },
  childcare: { weight: 0.1, group: 'infants', capacity: [10, 60] },
  fitness: { weight: 0.25, group: 'all', capacity: null },
  store: { weight: 0.55, group: 'all', capacity: null },
}

/**
 * A deterministic synthetic city for tests and benchmarks: communities tile a jittered grid
 * (wiggly shared edges, so neighbours share boundaries exactly), some with a hole, some
 * MultiPolygons (an island in the hole), some clockwise or 3-D rings, some missing the elderly
 * figure; facilities clustered around centres plus a uniform background, 5% closed, capacities
 * for canteens and childcare. Same seed, same city, on every platform.
 * @example generateTestCity({ seed: 1, communities: 300, facilities: 2000 })
 */
export function generateTestCity(options: TestCityOptions): TestCity {
  const rand = mulberry32(options.seed)
  const cell = options.cellM ?? 1000
  const reach = options.reachM ?? 1000
  const codes =
    typeof options.categories === 'object'
      ? options.categories
      : Object.keys(KNOWN).slice(0, options.categories ?? 4)
  const lon0 = 121.3
  const lat0 = 31.1
  const mPerDegLat = (EARTH_RADIUS_M * Math.PI) / 180
  const mPerDegLon = mPerDegLat * Math.cos(lat0 * (Math.PI / 180))
  const toLngLat = (x: number, y: number): Position => [
    round7(lon0 + x / mPerDegLon),
    round7(lat0 + y / mPerDegLat),
  ]
  const cols = Math.max(1, Math.ceil(Math.sqrt(options.communities)))
  const rows = Math.max(1, Math.ceil(options.communities / cols))
  const jitter = (): number => (rand() - 0.5) * 0.5 * cell
  const vx: number[][] = []
  const vy: number[][] = []
  for (let r = 0; r <= rows; r++) {
    vx.push([])
    vy.push([])
    for (let c = 0; c <= cols; c++) {
      const border = r === 0 || c === 0 || r === rows || c === cols
      vx[r]!.push(c * cell + (border ? 0 : jitter()))
      vy[r]!.push(r * cell + (border ? 0 : jitter()))
    }
  }
  // Intermediate points of each edge, generated once so both neighbours use the same ones.
  const edgeCache = new Map<string, Array<[number, number]>>()
  const edge = (r0: number, c0: number, r1: number, c1: number): Array<[number, number]> => {
    const key = `${r0},${c0},${r1},${c1}`
    const back = `${r1},${c1},${r0},${c0}`
    const hit = edgeCache.get(key)
    if (hit) return hit
    const rev = edgeCache.get(back)
    if (rev) return rev.slice().reverse()
    const x0 = vx[r0]![c0]!
    const y0 = vy[r0]![c0]!
    const x1 = vx[r1]![c1]!
    const y1 = vy[r1]![c1]!
    const border =
      (r0 === r1 && (r0 === 0 || r0 === rows)) || (c0 === c1 && (c0 === 0 || c0 === cols))
    const pts: Array<[number, number]> = []
    const k = 3
    for (let s = 1; s < k; s++) {
      const t = s / k
      const w = border ? 0 : (rand() - 0.5) * 0.12 * cell
      const nx = -(y1 - y0)
      const ny = x1 - x0
      const len = Math.hypot(nx, ny) || 1
      pts.push([x0 + t * (x1 - x0) + (w * nx) / len, y0 + t * (y1 - y0) + (w * ny) / len])
    }
    edgeCache.set(key, pts)
    return pts
  }
  const communities: CommunityFeature[] = []
  const population: PopulationFeature[] = []
  for (let i = 0; i < options.communities; i++) {
    const r = Math.floor(i / cols)
    const c = i % cols
    const ring: Array<[number, number]> = []
    const corner = (rr: number, cc: number): [number, number] => [vx[rr]![cc]!, vy[rr]![cc]!]
    ring.push(corner(r, c), ...edge(r, c, r, c + 1))
    ring.push(corner(r, c + 1), ...edge(r, c + 1, r + 1, c + 1))
    ring.push(corner(r + 1, c + 1), ...edge(r + 1, c + 1, r + 1, c))
    ring.push(corner(r + 1, c), ...edge(r + 1, c, r, c))
    const cx = ring.reduce((s, p) => s + p[0], 0) / ring.length
    const cy = ring.reduce((s, p) => s + p[1], 0) / ring.length
    const threeD = i % 11 === 5
    const toPos = (p: [number, number]): Position =>
      threeD ? [...toLngLat(p[0], p[1]), 12.5] : toLngLat(p[0], p[1])
    const close = (pts: Array<[number, number]>): Position[] => {
      const out = pts.map(toPos)
      out.push(out[0]!)
      return i % 7 === 3 ? out.reverse() : out
    }
    const square = (h: number, ccw: boolean): Array<[number, number]> => {
      const sq: Array<[number, number]> = [
        [cx - h, cy - h],
        [cx + h, cy - h],
        [cx + h, cy + h],
        [cx - h, cy + h],
      ]
      return ccw ? sq : sq.reverse()
    }
    const outer = close(ring)
    let geometry: CommunityFeature['geometry'] = { type: 'Polygon', coordinates: [outer] }
    if (i % 17 === 8) {
      const hole = close(square(0.15 * cell, false))
      geometry =
        i % 34 === 8
          ? {
              type: 'MultiPolygon',
              coordinates: [[outer, hole], [close(square(0.06 * cell, true))]],
            }
          : { type: 'Polygon', coordinates: [outer, hole] }
    }
    const pop = Math.round(3000 + rand() * 12000)
    communities.push({
      type: 'Feature',
      geometry,
      properties: {
        id: `C${String(i + 1).padStart(4, '0')}`,
        name: `社区 ${i + 1}`,
        population: pop,
        population_elderly: i % 13 === 6 ? null : Math.round(pop * (0.12 + rand() * 0.13)),
        population_infants: Math.round(pop * (0.02 + rand() * 0.02)),
      },
    })
    if (options.populationBlocks) {
      const x0 = vx[r]![c]!
      const x1 = vx[r]![c + 1]!
      const x2 = vx[r + 1]![c + 1]!
      const x3 = vx[r + 1]![c]!
      const y0 = vy[r]![c]!
      const y1 = vy[r]![c + 1]!
      const y2 = vy[r + 1]![c + 1]!
      const y3 = vy[r + 1]![c]!
      const at = (u: number, v: number): [number, number] => [
        (1 - u) * (1 - v) * x0 + u * (1 - v) * x1 + u * v * x2 + (1 - u) * v * x3,
        (1 - u) * (1 - v) * y0 + u * (1 - v) * y1 + u * v * y2 + (1 - u) * v * y3,
      ]
      for (let bu = 0; bu < 2; bu++) {
        for (let bv = 0; bv < 2; bv++) {
          const u0 = bu / 2
          const v0 = bv / 2
          const bring = [at(u0, v0), at(u0 + 0.5, v0), at(u0 + 0.5, v0 + 0.5), at(u0, v0 + 0.5)]
          const bpop = Math.round(pop * (0.1 + rand() * 0.4))
          population.push({
            type: 'Feature',
            geometry: {
              type: 'Polygon',
              coordinates: [[...bring, bring[0]!].map((p) => toLngLat(p[0], p[1]))],
            },
            properties: {
              population: bpop,
              population_elderly: Math.round(bpop * (0.1 + rand() * 0.2)),
              population_infants: Math.round(bpop * 0.03),
            },
          })
        }
      }
    }
  }
  const width = cols * cell
  const height = rows * cell
  const weights = codes.map((code) => KNOWN[code]?.weight ?? 0.25)
  const wsum = weights.reduce((a, b) => a + b, 0)
  const centres = Array.from({ length: Math.max(3, Math.round(options.communities / 15)) }, () => [
    rand() * width,
    rand() * height,
  ])
  const facilities: FacilityFeature[] = []
  for (let f = 0; f < options.facilities; f++) {
    let u = rand() * wsum
    let k = 0
    while (k < codes.length - 1 && u >= weights[k]!) u -= weights[k++]!
    const code = codes[k]!
    let x: number
    let y: number
    if (rand() < 0.6) {
      const centre = centres[Math.floor(rand() * centres.length)]!
      const spread = 1.5 * cell
      x = centre[0]! + gaussian(rand) * spread
      y = centre[1]! + gaussian(rand) * spread
    } else {
      x = rand() * width
      y = rand() * height
    }
    x = Math.min(width + 500, Math.max(-500, x))
    y = Math.min(height + 500, Math.max(-500, y))
    const cap = KNOWN[code]?.capacity
    const roll = rand()
    facilities.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: toLngLat(x, y) },
      properties: {
        id: `F${f + 1}`,
        category: code,
        status: roll < 0.05 ? 'closed' : 'open',
        capacity: cap ? Math.round(cap[0] + rand() * (cap[1] - cap[0])) : null,
        name: `${code} ${f + 1}`,
      },
    })
  }
  const categories: CategorySetting[] = codes.map((code) => ({
    code,
    reach_m: meters(reach),
    target_group: KNOWN[code]?.group ?? 'all',
  }))
  return { communities, facilities, population, categories }
}

function gaussian(rand: Random): number {
  const u = 1 - rand()
  const v = rand()
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
}

function round7(x: number): number {
  return Math.round(x * 1e7) / 1e7
}
