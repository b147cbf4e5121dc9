/**
 * The demo city (示范数据): a plausible Chinese urban sub-district generated from a seed.
 *
 * Everything is built on one warped quadrilateral mesh (cells of about 105 m) so that every
 * polygon boundary is a sequence of shared mesh nodes: neighbouring communities have identical
 * shared edges (no slivers, no gaps), and their areas add up to the district's exactly.
 * Arterials run along superblock lines, communities are superblocks or parts of them (as in
 * Shanghai, where 居委会 boundaries mostly follow roads), residential compounds are inset cells,
 * and facilities stand a few metres behind a road frontage inside a dry cell.
 */
import type { Feature, FeatureCollection, LineString, Point, Polygon, Position } from 'geojson'
import { area as turfArea, booleanPointInPolygon, distance as turfDistance } from '@turf/turf'
import {
  mulberry32,
  pick,
  randomInt,
  seededUuid,
  shuffled,
  uniform,
  type Random,
} from '../../web/src/core/geo/prng.ts'
import {
  apportion,
  distanceToRing,
  lerp,
  ringArea2,
  ringsTouch,
  segmentTouchesRing,
  vertexMean,
  type Xy,
} from './demo-city-geometry.ts'
import {
  CANTEEN_OPERATORS,
  CHILDCARE_BRANDS,
  COMPOUND_SUFFIXES,
  NAME_STEMS,
  ORDINALS,
  STORE_BRANDS,
} from './demo-city-names.ts'

export const DEFAULT_SEED = 20261122
export const GENERATOR_VERSION = '1.0.0'
export const DEMO_LABEL = '示范数据 / generated demo data'
export const DEMO_SOURCE = '示范数据 generated demo data'
export const DEMO_STREET = '示范街道'
export const DEMO_DISTRICT = '示范区'
export const DEMO_VINTAGE = '2026'
/** 1,000 m: GB 50180-2018's 15-minute walk, the reach the under-served communities must lack. */
export const UNDER_SERVED_RADIUS_M = 1000
/** 300 m: the 5-minute circle of GB 50180-2018, where a convenience store belongs. */
export const FEW_STORES_RADIUS_M = 300

export type Category = 'canteen' | 'childcare' | 'fitness' | 'store'
export const CATEGORIES: readonly Category[] = ['canteen', 'childcare', 'fitness', 'store']

export interface DemoBoundaryProps {
  name: string
  street: string
  district: string
  code: string
  area_m2: number
  source: string
  label: string
}

export interface DemoCommunityProps {
  id: string
  code: string
  name: string
  street: string
  district: string
  population: number
  population_elderly: number
  population_infants: number
  households: number
  area_m2: number
  source: string
  vintage: string
}

export interface DemoFacilityProps {
  id: string
  category: Category
  name: string
  address: string
  status: 'open' | 'closed' | 'planned'
  capacity: number | null
  hours: string
  phone: string | null
  operator: string
  inclusive: boolean
  published: boolean
  community_id: string
  source: string
}

export type StreetClass = 'arterial' | 'secondary' | 'lane'

export interface DemoStreetProps {
  id: string
  name: string
  class: StreetClass
  class_zh: string
  bridge: boolean
}

export interface DemoAreaProps {
  id: string
  name: string
  kind: 'river' | 'park'
  source: string
}

export interface DemoBlockProps {
  id: string
  name: string
  community_id: string
  population: number
  population_elderly: number
  population_infants: number
  households: number
}

export interface DemoUnderServed {
  community_id: string
  code: string
  name: string
  /** Vertex mean of the community's ring (Turf's `centroid`), [lon, lat]. */
  centroid: [number, number]
  /** Categories with no facility (of any status) within 1,000 m great-circle of the centroid. */
  lacks: Category[]
  /** Categories with at most one facility inside the polygon and none within 300 m of the centroid. */
  few: Category[]
  note: string
}

export interface DemoUser {
  id: string
  email: string
  role: 'admin' | 'planner' | 'worker' | 'resident'
  display_name: string
  communities: string[]
}

export interface DemoMeta {
  label: string
  description: string
  seed: number
  generator: string
  generator_version: string
  crs: string
  street: string
  district: string
  vintage: string
  centre: [number, number]
  bbox: [number, number, number, number]
  area_m2: number
  population: { total: number; elderly: number; infants: number; households: number }
  counts: {
    communities: number
    facilities: number
    by_category: Record<Category, number>
    by_status: { open: number; closed: number; planned: number }
    unpublished: number
    streets: Record<StreetClass, number>
    bridges: number
    population_blocks: number
    parks: number
  }
  under_served: DemoUnderServed[]
  users: Array<{ email: string; role: DemoUser['role']; communities: string[] }>
}

export interface DemoCity {
  seed: number
  boundary: FeatureCollection<Polygon, DemoBoundaryProps>
  communities: FeatureCollection<Polygon, DemoCommunityProps>
  facilities: FeatureCollection<Point, DemoFacilityProps>
  streets: FeatureCollection<LineString, DemoStreetProps>
  water: FeatureCollection<Polygon, DemoAreaProps>
  parks: FeatureCollection<Polygon, DemoAreaProps>
  populationBlocks: FeatureCollection<Polygon, DemoBlockProps>
  meta: DemoMeta
  users: DemoUser[]
}

// Placed in the Yangtze delta plain (Shanghai's latitude, 021 telephone numbers); the place is
// fictional and every file says so.
const CENTRE_LON = 121.438
const CENTRE_LAT = 31.046
const EARTH_R = 6_371_008.8
const CELL_M = 105
const NX = 44
const NY = 34

const DEG = 180 / Math.PI
const round6 = (v: number) => Math.round(v * 1e6) / 1e6

function toLonLat(p: Xy): Position {
  const lon = CENTRE_LON + (p.x / (EARTH_R * Math.cos(CENTRE_LAT / DEG))) * DEG
  const lat = CENTRE_LAT + (p.y / EARTH_R) * DEG
  return [round6(lon), round6(lat)]
}

/** A closed GeoJSON ring, counter-clockwise, from an open metric ring. */
function toGeoRing(ring: readonly Xy[]): Position[] {
  const ccw = ringArea2(ring) > 0 ? ring : ring.slice().reverse()
  const out = ccw.map(toLonLat)
  out.push(out[0] as Position)
  return out
}

function polygon<P>(ring: readonly Xy[], props: P): Feature<Polygon, P> {
  return {
    type: 'Feature',
    properties: props,
    geometry: { type: 'Polygon', coordinates: [toGeoRing(ring)] },
  }
}

function collection<G extends Polygon | LineString | Point, P>(
  name: string,
  features: Array<Feature<G, P>>,
): FeatureCollection<G, P> {
  return { type: 'FeatureCollection', name, features } as FeatureCollection<G, P>
}

// ---------------------------------------------------------------------------------------------
// Mesh

const nodeId = (i: number, j: number) => j * (NX + 1) + i
const cellId = (i: number, j: number) => j * NX + i
const cellI = (c: number) => c % NX
const cellJ = (c: number) => Math.floor(c / NX)
const inMesh = (i: number, j: number) => i >= 0 && i < NX && j >= 0 && j < NY

interface CellEdge {
  a: number
  b: number
  /** The cell across this edge, or -1 outside the mesh. */
  across: number
}

/** The four edges of a cell, counter-clockwise, each with the cell across it. */
function cellEdges(c: number): CellEdge[] {
  const i = cellI(c)
  const j = cellJ(c)
  const nb = (ii: number, jj: number) => (inMesh(ii, jj) ? cellId(ii, jj) : -1)
  return [
    { a: nodeId(i, j), b: nodeId(i + 1, j), across: nb(i, j - 1) },
    { a: nodeId(i + 1, j), b: nodeId(i + 1, j + 1), across: nb(i + 1, j) },
    { a: nodeId(i + 1, j + 1), b: nodeId(i, j + 1), across: nb(i, j + 1) },
    { a: nodeId(i, j + 1), b: nodeId(i, j), across: nb(i - 1, j) },
  ]
}

const edgeKey = (a: number, b: number) => (a < b ? a * 100_000 + b : b * 100_000 + a)

/** The (up to two) cells on either side of the mesh edge between adjacent nodes a and b. */
function edgeCells(a: number, b: number): number[] {
  const ia = a % (NX + 1)
  const ja = Math.floor(a / (NX + 1))
  const ib = b % (NX + 1)
  const jb = Math.floor(b / (NX + 1))
  const out: number[] = []
  if (ja === jb) {
    const i = Math.min(ia, ib)
    if (inMesh(i, ja - 1)) out.push(cellId(i, ja - 1))
    if (inMesh(i, ja)) out.push(cellId(i, ja))
  } else {
    const j = Math.min(ja, jb)
    if (inMesh(ia - 1, j)) out.push(cellId(ia - 1, j))
    if (inMesh(ia, j)) out.push(cellId(ia, j))
  }
  return out
}

/**
 * The boundary of a set of cells as one ring of node ids (counter-clockwise). Throws when the set
 * is not a single simply connected region without pinch points, which would make an invalid
 * polygon: the generator's layout rules are meant to make that impossible.
 */
function traceCells(cells: ReadonlySet<number>, what: string): number[] {
  const next = new Map<number, number>()
  for (const c of [...cells].sort((x, y) => x - y)) {
    for (const e of cellEdges(c)) {
      if (e.across >= 0 && cells.has(e.across)) continue
      if (next.has(e.a)) throw new Error(`${what}: pinch point at node ${e.a}`)
      next.set(e.a, e.b)
    }
  }
  const start = Math.min(...next.keys())
  const ring: number[] = []
  let n = start
  do {
    ring.push(n)
    const m = next.get(n)
    if (m === undefined) throw new Error(`${what}: open boundary at node ${n}`)
    n = m
  } while (n !== start && ring.length <= next.size)
  if (ring.length !== next.size) throw new Error(`${what}: not one simple region (holes or parts)`)
  return ring
}

/** Superblock lines: 0 … n with gaps of 6–11 cells. */
function cuts(rand: Random, n: number): number[] {
  const out = [0]
  let pos = 0
  while (n - pos > 14) {
    pos += randomInt(rand, 6, 8)
    out.push(pos)
  }
  if (n - pos >= 12) out.push(pos + Math.floor((n - pos) / 2))
  out.push(n)
  return out
}

/** Depth (0–2 cells) of the ragged edge along one side; 0 near the ends so sides never interact. */
function rimDepths(rand: Random, len: number): number[] {
  const f = uniform(rand, 0.25, 0.5)
  const phase = uniform(rand, 0, 2 * Math.PI)
  return Array.from({ length: len }, (_, p) =>
    p < 4 || p > len - 5
      ? 0
      : Math.max(
          0,
          Math.min(2, Math.round(0.9 + 1.3 * Math.sin(p * f + phase) + uniform(rand, -0.4, 0.4))),
        ),
  )
}

interface Superblock {
  i0: number
  i1: number
  j0: number
  j1: number
  /** Cell → piece index (community within the superblock). */
  piece: (i: number, j: number) => number
  pieces: number
  /** Secondary roads inside the superblock, as node paths. */
  secondary: number[][]
}

const vLine = (i: number, j0: number, j1: number) =>
  Array.from({ length: j1 - j0 + 1 }, (_, k) => nodeId(i, j0 + k))
const hLine = (j: number, i0: number, i1: number) => {
  const step = i1 >= i0 ? 1 : -1
  return Array.from({ length: Math.abs(i1 - i0) + 1 }, (_, k) => nodeId(i0 + k * step, j))
}

/** Splits a superblock into `n` (1–3) communities along straight or stepped lines. */
function splitSuperblock(rand: Random, sb: Superblock, n: number, stairs: boolean): void {
  sb.pieces = 1
  sb.piece = () => 0
  const { i0, i1, j0, j1 } = sb
  const w = i1 - i0
  const h = j1 - j0
  if (n === 1) {
    // An unsplit superblock still gets one through road, across its longer side.
    sb.secondary = [
      w >= h ? vLine(i0 + Math.floor(w / 2), j0, j1) : hLine(j0 + Math.floor(h / 2), i0, i1),
    ]
    return
  }
  const min = n === 3 ? 9 : 6
  const vertical = w >= min && (h < min || rand() < w / (w + h))
  const [lo, hi] = vertical ? [i0, i1] : [j0, j1]
  if (n === 3) {
    const c1 = randomInt(rand, lo + 3, hi - 6)
    const c2 = randomInt(rand, c1 + 3, hi - 3)
    sb.pieces = 3
    sb.piece = vertical
      ? (i) => (i < c1 ? 0 : i < c2 ? 1 : 2)
      : (_i, j) => (j < c1 ? 0 : j < c2 ? 1 : 2)
    sb.secondary = vertical
      ? [vLine(c1, j0, j1), vLine(c2, j0, j1)]
      : [hLine(c1, i0, i1), hLine(c2, i0, i1)]
    return
  }
  const c1 = randomInt(rand, lo + 3, hi - 3)
  const c2 = randomInt(rand, lo + 3, hi - 3)
  const [plo, phi] = vertical ? [j0, j1] : [i0, i1]
  sb.pieces = 2
  if (stairs && c1 !== c2 && phi - plo >= 5 && rand() < 0.5) {
    // A stepped boundary: c1 on one side of row/column r, c2 on the other.
    const r = randomInt(rand, plo + 2, phi - 2)
    sb.piece = vertical
      ? (i, j) => (i < (j < r ? c1 : c2) ? 0 : 1)
      : (i, j) => (j < (i < r ? c1 : c2) ? 0 : 1)
    sb.secondary = vertical
      ? [[...vLine(c1, j0, r), ...hLine(r, c1, c2).slice(1), ...vLine(c2, r, j1).slice(1)]]
      : [[...hLine(c1, i0, r), ...vLineBetween(r, c1, c2).slice(1), ...hLine(c2, r, i1).slice(1)]]
    return
  }
  sb.piece = vertical ? (i) => (i < c1 ? 0 : 1) : (_i, j) => (j < c1 ? 0 : 1)
  sb.secondary = [vertical ? vLine(c1, j0, j1) : hLine(c1, i0, i1)]
}

function vLineBetween(i: number, ja: number, jb: number): number[] {
  const step = jb >= ja ? 1 : -1
  return Array.from({ length: Math.abs(jb - ja) + 1 }, (_, k) => nodeId(i, ja + k * step))
}

/** Compound footprints in cells (offsets from the lower-left cell); the last is the fallback. */
const COMPOUND_SHAPES: Array<Array<[number, number]>> = [
  [
    [0, 0],
    [1, 0],
    [0, 1],
    [1, 1],
  ],
  [
    [0, 0],
    [1, 0],
  ],
  [
    [0, 0],
    [0, 1],
  ],
  [[0, 0]],
]

// ---------------------------------------------------------------------------------------------
// Names

class NamePool {
  private k = 0
  constructor(private readonly stems: readonly string[]) {}
  next(): string {
    const s = this.stems[this.k++]
    if (s === undefined) throw new Error('demo city: name pool exhausted')
    return s
  }
}

class UniqueNames {
  private readonly used = new Set<string>()
  /** `make(ordinal)` with '' first, then 二, 三 … until unused; then `fallback`, if given. */
  take(make: (ordinal: string) => string, fallback?: string): string {
    const names = [...ORDINALS.map(make), ...(fallback === undefined ? [] : [fallback])]
    for (const name of names) {
      if (!this.used.has(name)) {
        this.used.add(name)
        return name
      }
    }
    throw new Error(`demo city: no free name for ${make('')}`)
  }
}

function phone(rand: Random): string {
  return `021-${pick(rand, ['5', '6'])}${String(randomInt(rand, 0, 9_999_999)).padStart(7, '0')}`
}

// ---------------------------------------------------------------------------------------------
// The generator

interface RoadEdgeInfo {
  road: string
  cls: StreetClass
  /** Metres along the named road from its start to node `from`. */
  along: number
  from: number
  to: number
}

/**
 * Generates the demo city. Pure and deterministic: the same seed gives deep-equal output.
 * @example const city = generateDemoCity(20261122); city.communities.features.length // 30–50
 */
export function generateDemoCity(seed: number = DEFAULT_SEED): DemoCity {
  const rand = mulberry32(seed)
  const idRand = mulberry32((seed ^ 0x5bd1e995) >>> 0)
  const newId = () => seededUuid(idRand)
  const stems = new NamePool(shuffled(rand, NAME_STEMS))

  // --- mesh nodes: a grid, gently warped (roads curve over kilometres) and rotated.
  const theta = uniform(rand, 0.1, 0.3) * (rand() < 0.5 ? -1 : 1)
  const warp = {
    ax: uniform(rand, 35, 60),
    lx: uniform(rand, 1800, 2800),
    px: uniform(rand, 0, 2 * Math.PI),
    ay: uniform(rand, 35, 60),
    ly: uniform(rand, 1800, 2800),
    py: uniform(rand, 0, 2 * Math.PI),
  }
  const rotate = (x: number, y: number): Xy => ({
    x: x * Math.cos(theta) - y * Math.sin(theta),
    y: x * Math.sin(theta) + y * Math.cos(theta),
  })
  const nodes: Xy[] = []
  for (let j = 0; j <= NY; j++) {
    for (let i = 0; i <= NX; i++) {
      const bx = (i - NX / 2) * CELL_M
      const by = (j - NY / 2) * CELL_M
      const wx = bx + warp.ax * Math.sin((2 * Math.PI * by) / warp.lx + warp.px)
      const wy = by + warp.ay * Math.sin((2 * Math.PI * bx) / warp.ly + warp.py)
      const p = rotate(wx, wy)
      nodes.push({ x: p.x + uniform(rand, -6, 6), y: p.y + uniform(rand, -6, 6) })
    }
  }
  const node = (n: number) => nodes[n] as Xy
  const cellRing = (c: number) => cellEdges(c).map((e) => node(e.a))
  const cellCentre = (c: number) => vertexMean(cellRing(c))
  const ringOf = (ids: readonly number[]) => ids.map(node)

  // --- outline: superblock grid, a missing corner or two, ragged rims.
  const colCuts = cuts(rand, NX)
  const rowCuts = cuts(rand, NY)
  const sbCols = colCuts.length - 1
  const sbRows = rowCuts.length - 1
  const removed = new Set<string>([`${sbCols - 1},${sbRows - 1}`])
  if (rand() < 0.7) removed.add('0,0')
  const sbAt = (i: number, j: number) => {
    const cx = colCuts.findIndex((c, k) => i >= c && i < (colCuts[k + 1] ?? -1))
    const ry = rowCuts.findIndex((c, k) => j >= c && j < (rowCuts[k + 1] ?? -1))
    return { cx, ry }
  }
  const topEnd = colCuts[sbCols - 1] as number
  const rightEnd = rowCuts[sbRows - 1] as number
  const bottomStart = removed.has('0,0') ? (colCuts[1] as number) : 0
  const leftStart = removed.has('0,0') ? (rowCuts[1] as number) : 0
  const top = rimDepths(rand, topEnd)
  const right = rimDepths(rand, rightEnd)
  const bottom = rimDepths(rand, NX - bottomStart)
  const left = rimDepths(rand, NY - leftStart)
  const included = new Set<number>()
  for (let j = 0; j < NY; j++) {
    for (let i = 0; i < NX; i++) {
      const { cx, ry } = sbAt(i, j)
      if (removed.has(`${cx},${ry}`)) continue
      if (i < topEnd && j >= NY - (top[i] ?? 0)) continue
      if (j < rightEnd && i >= NX - (right[j] ?? 0)) continue
      if (i >= bottomStart && j < (bottom[i - bottomStart] ?? 0)) continue
      if (j >= leftStart && i < (left[j - leftStart] ?? 0)) continue
      included.add(cellId(i, j))
    }
  }
  const outlineRing = ringOf(traceCells(included, 'boundary'))

  // --- communities: superblocks split into 1–3 pieces until the target count is reached.
  const superblocks: Superblock[] = []
  for (let ry = sbRows - 1; ry >= 0; ry--) {
    for (let cx = 0; cx < sbCols; cx++) {
      if (removed.has(`${cx},${ry}`)) continue
      superblocks.push({
        i0: colCuts[cx] as number,
        i1: colCuts[cx + 1] as number,
        j0: rowCuts[ry] as number,
        j1: rowCuts[ry + 1] as number,
        piece: () => 0,
        pieces: 1,
        secondary: [],
      })
    }
  }
  const target = randomInt(rand, 38, 46)
  const splits = new Map<Superblock, number>(superblocks.map((sb) => [sb, 1]))
  let count = superblocks.length
  for (const round of [2, 3]) {
    for (const sb of shuffled(rand, superblocks)) {
      if (count >= target) break
      const w = sb.i1 - sb.i0
      const h = sb.j1 - sb.j0
      if (round === 2 || Math.max(w, h) >= 9) {
        splits.set(sb, round)
        count++
      }
    }
  }

  const piecesOf = (sb: Superblock) => {
    const pieces: Array<Set<number>> = Array.from({ length: sb.pieces }, () => new Set())
    for (let j = sb.j0; j < sb.j1; j++) {
      for (let i = sb.i0; i < sb.i1; i++) {
        const c = cellId(i, j)
        if (included.has(c)) pieces[sb.piece(i, j)]?.add(c)
      }
    }
    return pieces
  }
  const simple = (cells: Set<number>) => {
    try {
      traceCells(cells, '')
      return cells.size > 0
    } catch {
      return false
    }
  }

  interface Community {
    cells: Set<number>
    ring: Xy[]
    name: string
  }
  const communities: Community[] = []
  const communityOfCell = new Map<number, number>()
  for (const sb of superblocks) {
    // A stepped split next to a ragged rim can pinch or cut a piece in two; straight splits
    // and whole superblocks cannot (the rims taper to nothing near corners), so fall back.
    let pieces: Array<Set<number>> = []
    for (const [n, stairs] of [
      [splits.get(sb) ?? 1, true],
      [splits.get(sb) ?? 1, false],
      [1, false],
    ] as const) {
      splitSuperblock(rand, sb, n, stairs)
      pieces = piecesOf(sb)
      if (pieces.every(simple)) break
    }
    for (const cells of pieces) {
      const k = communities.length
      const name = stems.next()
      communities.push({ cells, ring: ringOf(traceCells(cells, `community ${name}`)), name })
      for (const c of cells) communityOfCell.set(c, k)
    }
  }

  // --- the river: a meandering band across the southern half, wider than any road.
  const halfW = (NX / 2) * CELL_M + 500
  const v0 = uniform(rand, -0.3, -0.08) * NY * CELL_M
  const slope = uniform(rand, -0.12, 0.12)
  const amp = uniform(rand, 120, 220)
  const lambda = uniform(rand, 2200, 3200)
  const phase = uniform(rand, 0, 2 * Math.PI)
  const width0 = uniform(rand, 60, 75)
  const centreAt = (u: number): Xy => {
    const v = v0 + slope * u + amp * Math.sin((2 * Math.PI * u) / lambda + phase)
    return rotate(u, v)
  }
  const leftBank: Xy[] = []
  const rightBank: Xy[] = []
  for (let u = -halfW; u <= halfW; u += 30) {
    const p = centreAt(u)
    const q = centreAt(u + 1)
    const len = Math.hypot(q.x - p.x, q.y - p.y)
    const nx = -(q.y - p.y) / len
    const ny = (q.x - p.x) / len
    const w = (width0 + 12 * Math.sin(u / 400)) / 2
    leftBank.push({ x: p.x + nx * w, y: p.y + ny * w })
    rightBank.push({ x: p.x - nx * w, y: p.y - ny * w })
  }
  const riverRing = [...rightBank, ...leftBank.reverse()]
  /** Which bank a point is on: the sign of its offset from the centreline, in the river's frame. */
  const bankOf = (p: Xy) => {
    const u = p.x * Math.cos(theta) + p.y * Math.sin(theta)
    const v = -p.x * Math.sin(theta) + p.y * Math.cos(theta)
    return Math.sign(v - (v0 + slope * u + amp * Math.sin((2 * Math.PI * u) / lambda + phase)))
  }
  const wet = new Set<number>()
  for (let c = 0; c < NX * NY; c++) if (ringsTouch(cellRing(c), riverRing)) wet.add(c)
  const riverName = `${stems.next()}河`

  // --- parks: two parks and a pocket park, each inside one community, on dry land.
  const parkCells = new Set<number>()
  const parks: Array<{ name: string; ring: Xy[]; cells: number[] }> = []
  const nearPark = (c: number) =>
    parkCells.has(c) || cellEdges(c).some((e) => e.across >= 0 && parkCells.has(e.across))
  for (const [pw, ph, suffix] of [
    [3, 2, '公园'],
    [2, 3, '公园'],
    [1, 1, '口袋公园'],
  ] as const) {
    for (let attempt = 0; attempt < 400; attempt++) {
      const k = randomInt(rand, 0, communities.length - 1)
      const comm = communities[k] as Community
      const cellsArr = [...comm.cells]
      const c0 = pick(rand, cellsArr)
      const rect: number[] = []
      for (let dj = 0; dj < ph; dj++) {
        for (let di = 0; di < pw; di++) rect.push(cellId(cellI(c0) + di, cellJ(c0) + dj))
      }
      const ok = rect.every(
        (c) =>
          comm.cells.has(c) &&
          !nearPark(c) &&
          cellEdges(c).every(
            (e) => e.across >= 0 && comm.cells.has(e.across) && !wet.has(e.across),
          ) &&
          !wet.has(c),
      )
      if (!ok || comm.cells.size - rect.length < 8) continue
      for (const c of rect) parkCells.add(c)
      parks.push({
        name: `${stems.next()}${suffix}`,
        ring: ringOf(traceCells(new Set(rect), 'park')),
        cells: rect,
      })
      break
    }
  }

  // --- roads.
  interface RoadPath {
    name: string
    cls: StreetClass
    nodes: number[]
  }
  const roads: RoadPath[] = []
  const vertical = colCuts.map((i) => ({ i }))
  const horizontal = rowCuts.map((j) => ({ j }))
  const avenue = randomInt(rand, 1, Math.max(1, horizontal.length - 2))
  for (const { i } of vertical)
    roads.push({ name: `${stems.next()}路`, cls: 'arterial', nodes: vLine(i, 0, NY) })
  horizontal.forEach(({ j }, k) =>
    roads.push({
      name: `${stems.next()}${k === avenue ? '大道' : '路'}`,
      cls: 'arterial',
      nodes: hLine(j, 0, NX),
    }),
  )
  for (const sb of superblocks) {
    for (const path of sb.secondary) {
      roads.push({
        name: `${stems.next()}${pick(rand, ['路', '路', '街', '支路'])}`,
        cls: 'secondary',
        nodes: path,
      })
    }
  }

  const roadEdges = new Map<number, RoadEdgeInfo>()
  const streetFeatures: Array<Feature<LineString, DemoStreetProps>> = []
  let bridges = 0
  const midpoint = (a: number, b: number) => lerp(node(a), node(b), 0.5)
  const emitStreet = (name: string, cls: StreetClass, path: number[], bridge: boolean) => {
    const pts: Xy[] = [node(path[0] as number)]
    for (let k = 1; k < path.length; k++) {
      // Edge midpoints are vertices too: lanes start there, so a walking graph built from these
      // lines is connected without snapping.
      pts.push(midpoint(path[k - 1] as number, path[k] as number), node(path[k] as number))
    }
    streetFeatures.push({
      type: 'Feature',
      properties: {
        id: '',
        name: bridge ? `${name}桥` : name,
        class: cls,
        class_zh: cls === 'arterial' ? '主干道' : cls === 'secondary' ? '次干道' : '巷弄',
        bridge,
      },
      geometry: { type: 'LineString', coordinates: pts.map(toLonLat) },
    })
  }
  type EdgeState = 'road' | 'wet' | 'gone'
  const roadStates: EdgeState[][] = roads.map((road) => {
    const states: EdgeState[] = []
    for (let k = 1; k < road.nodes.length; k++) {
      const a = road.nodes[k - 1] as number
      const b = road.nodes[k] as number
      const side = edgeCells(a, b)
      const inside = side.filter((c) => included.has(c))
      if (inside.length === 0 || (side.length === 2 && side.every((c) => parkCells.has(c)))) {
        states.push('gone')
      } else if (segmentTouchesRing(node(a), node(b), riverRing)) {
        states.push('wet')
      } else {
        states.push('road')
      }
    }
    return states
  })
  // Bridges: about half of the arterials' bank-to-bank crossings (at least two, at most six);
  // every other road, and any road running along the water, ends at the bank.
  const crossings: string[] = []
  roads.forEach((road, r) => {
    const states = roadStates[r] as EdgeState[]
    if (road.cls !== 'arterial') return
    for (let k = 0; k < states.length; k++) {
      if (states[k] !== 'wet' || states[k - 1] !== 'road') continue
      let end = k
      while (states[end + 1] === 'wet') end++
      const from = node(road.nodes[k] as number)
      const to = node(road.nodes[end + 1] as number)
      if (states[end + 1] === 'road' && end - k < 3 && bankOf(from) !== bankOf(to)) {
        crossings.push(`${r}:${k}`)
      }
    }
  })
  const bridgeAt = new Set(
    shuffled(rand, crossings).slice(0, Math.min(6, Math.max(2, Math.round(crossings.length / 2)))),
  )
  roads.forEach((road, r) => {
    const states = roadStates[r] as EdgeState[]
    let along = 0
    let run: number[] = []
    const flush = () => {
      if (run.length >= 2) emitStreet(road.name, road.cls, run, false)
      run = []
    }
    for (let k = 0; k < states.length; k++) {
      const a = road.nodes[k] as number
      const b = road.nodes[k + 1] as number
      const state = states[k] as EdgeState
      if (state === 'road') {
        if (run.length === 0) run.push(a)
        run.push(b)
        roadEdges.set(edgeKey(a, b), { road: road.name, cls: road.cls, along, from: a, to: b })
      } else {
        flush()
        if (bridgeAt.has(`${r}:${k}`)) {
          let end = k
          while (states[end + 1] === 'wet') end++
          emitStreet(road.name, road.cls, road.nodes.slice(k, end + 2), true)
          bridges++
        }
      }
      along += Math.hypot(node(b).x - node(a).x, node(b).y - node(a).y)
    }
    flush()
  })

  // --- lanes (弄): every compound cell reaches a road through a tree of lanes.
  const eligible = (c: number) => included.has(c) && !wet.has(c) && !parkCells.has(c)
  // Lanes also run through parks (as footpaths), so that park facilities are on the network.
  const walkable = (c: number) => included.has(c) && !wet.has(c)
  const frontage = new Map<number, RoadEdgeInfo[]>()
  for (const c of [...included].sort((x, y) => x - y)) {
    if (!eligible(c)) continue
    const f = cellEdges(c)
      .map((e) => roadEdges.get(edgeKey(e.a, e.b)))
      .filter((e): e is RoadEdgeInfo => e !== undefined)
    if (f.length > 0) frontage.set(c, f)
  }
  const houseNumber = (info: RoadEdgeInfo, t: number, inward: Xy) => {
    const a = node(info.from)
    const b = node(info.to)
    const along = info.along + t * Math.hypot(b.x - a.x, b.y - a.y)
    const leftSide = (b.x - a.x) * (inward.y - a.y) - (b.y - a.y) * (inward.x - a.x) > 0
    return 2 * Math.floor(along / 12) + (leftSide ? 1 : 2)
  }
  const usedNumbers = new Map<string, Set<number>>()
  const freeNumber = (road: string, n: number) => {
    const used = usedNumbers.get(road) ?? new Set<number>()
    usedNumbers.set(road, used)
    while (used.has(n)) n += 2
    used.add(n)
    return n
  }
  interface LaneParent {
    via: { a: number; b: number }
    parent: number | null
    lane: string
  }
  const laneOf = new Map<number, LaneParent>()
  const queue: number[] = []
  for (const [c, f] of frontage) {
    const e = pick(rand, f)
    const lane = `${e.road}${freeNumber(e.road, houseNumber(e, 0.5, cellCentre(c)))}弄`
    laneOf.set(c, { via: { a: e.from, b: e.to }, parent: null, lane })
    queue.push(c)
  }
  for (let q = 0; q < queue.length; q++) {
    const c = queue[q] as number
    for (const e of cellEdges(c)) {
      if (e.across < 0 || !walkable(e.across) || laneOf.has(e.across)) continue
      if (roadEdges.has(edgeKey(e.a, e.b))) continue
      laneOf.set(e.across, {
        via: { a: e.a, b: e.b },
        parent: c,
        lane: (laneOf.get(c) as LaneParent).lane,
      })
      queue.push(e.across)
    }
  }
  const children = new Map<number, number[]>()
  for (const c of queue) {
    const p = laneOf.get(c)?.parent
    if (p !== null && p !== undefined) children.set(p, [...(children.get(p) ?? []), c])
  }
  const lanePaths: Array<{ name: string; pts: Xy[] }> = []
  const stack: Array<{ start: Xy[]; cell: number }> = []
  for (const c of queue) {
    const lp = laneOf.get(c) as LaneParent
    if (lp.parent === null) stack.push({ start: [midpoint(lp.via.a, lp.via.b)], cell: c })
  }
  stack.reverse()
  while (stack.length > 0) {
    const { start, cell } = stack.pop() as { start: Xy[]; cell: number }
    const pts = [...start, cellCentre(cell)]
    let cur = cell
    for (;;) {
      const kids = children.get(cur) ?? []
      const [first, ...rest] = kids
      if (first === undefined) break
      for (const k of rest.reverse()) {
        const via = (laneOf.get(k) as LaneParent).via
        stack.push({ start: [cellCentre(cur), midpoint(via.a, via.b)], cell: k })
      }
      const via = (laneOf.get(first) as LaneParent).via
      pts.push(midpoint(via.a, via.b), cellCentre(first))
      cur = first
    }
    lanePaths.push({ name: (laneOf.get(cell) as LaneParent).lane, pts })
  }
  for (const lane of lanePaths) {
    streetFeatures.push({
      type: 'Feature',
      properties: { id: '', name: lane.name, class: 'lane', class_zh: '巷弄', bridge: false },
      geometry: { type: 'LineString', coordinates: lane.pts.map(toLonLat) },
    })
  }
  streetFeatures.forEach((f, k) => {
    f.properties.id = `S${String(k + 1).padStart(4, '0')}`
  })

  // --- figures per community, then compounds (小区) carrying them exactly.
  const communityFeatures: Array<Feature<Polygon, DemoCommunityProps>> = []
  const blockFeatures: Array<Feature<Polygon, DemoBlockProps>> = []
  const communityIds: string[] = []
  const compoundNames = new UniqueNames()
  communities.forEach((comm, k) => {
    const id = newId()
    communityIds.push(id)
    const dry = [...comm.cells].filter(eligible).sort((x, y) => x - y)
    const dryArea = dry.reduce((s, c) => s + ringArea2(cellRing(c)) / 2, 0)
    const density = uniform(rand, 15_000, 34_000)
    const population = Math.max(3000, Math.min(15_000, Math.round((dryArea / 1e6) * density)))
    const elderly = Math.round(population * uniform(rand, 0.12, 0.25))
    const infants = Math.round(population * uniform(rand, 0.015, 0.03))
    const households = Math.round(population / uniform(rand, 2.4, 2.9))
    const feature = polygon<DemoCommunityProps>(comm.ring, {
      id,
      code: `310199001${String(k + 1).padStart(3, '0')}`,
      name: `${comm.name}社区`,
      street: DEMO_STREET,
      district: DEMO_DISTRICT,
      population,
      population_elderly: elderly,
      population_infants: infants,
      households,
      area_m2: 0,
      source: DEMO_SOURCE,
      vintage: DEMO_VINTAGE,
    })
    feature.properties.area_m2 = Math.round(turfArea(feature) * 10) / 10
    communityFeatures.push(feature)

    // Compounds: 2×2, 2×1 or 1×1 groups of dry cells, inset from the roads around them.
    const taken = new Set<number>()
    const compounds: number[][] = []
    for (const c of dry) {
      if (taken.has(c)) continue
      const i = cellI(c)
      const j = cellJ(c)
      const shapes = shuffled(rand, COMPOUND_SHAPES.slice(0, -1))
      shapes.push(COMPOUND_SHAPES[COMPOUND_SHAPES.length - 1] as Array<[number, number]>)
      for (const shape of shapes) {
        const cells = shape.map(([di, dj]) =>
          inMesh(i + di, j + dj) ? cellId(i + di, j + dj) : -1,
        )
        if (cells.every((x) => x >= 0 && comm.cells.has(x) && eligible(x) && !taken.has(x))) {
          for (const x of cells) taken.add(x)
          compounds.push(cells)
          break
        }
      }
    }
    if (compounds.length < 2) throw new Error(`community ${comm.name}: fewer than 2 compounds`)
    const rings = compounds.map((cells) => {
      const ring = ringOf(traceCells(new Set(cells), 'compound'))
      const m = vertexMean(ring)
      // Scaling towards the vertex mean keeps the compound inside its (star-shaped) cells and
      // leaves room for the road around it.
      return ring.map((p) => lerp(m, p, 0.8))
    })
    const weights = rings.map((r) => (ringArea2(r) / 2) * uniform(rand, 0.5, 1.5))
    const pop = apportion(population, weights)
    const old = apportion(elderly, pop)
    const inf = apportion(infants, pop)
    const hh = apportion(households, pop)
    rings.forEach((ring, b) => {
      blockFeatures.push(
        polygon<DemoBlockProps>(ring, {
          id: `${feature.properties.code}-${String(b + 1).padStart(2, '0')}`,
          name: compoundNames.take((o) => `${comm.name}${pick(rand, COMPOUND_SUFFIXES)}${o}`),
          community_id: id,
          population: pop[b] as number,
          population_elderly: old[b] as number,
          population_infants: inf[b] as number,
          households: hh[b] as number,
        }),
      )
    })
  })

  // --- under-served communities: far apart on the rim, kept clear of canteens / childcare.
  const centreOf = (f: Feature<Polygon>): [number, number] => {
    const ring = (f.geometry.coordinates[0] as Position[]).slice(0, -1)
    const lon = ring.reduce((s, p) => s + (p[0] as number), 0) / ring.length
    const lat = ring.reduce((s, p) => s + (p[1] as number), 0) / ring.length
    return [lon, lat]
  }
  const districtCentre = toLonLat(vertexMean(outlineRing)) as [number, number]
  const byRemoteness = communityFeatures
    .map((f, k) => ({ k, c: centreOf(f), d: turfDistance(centreOf(f), districtCentre) }))
    .sort((a, b) => b.d - a.d)
  const chosen: Array<{ k: number; c: [number, number] }> = []
  for (const cand of byRemoteness) {
    if (chosen.length === 4) break
    if (chosen.every((x) => turfDistance(x.c, cand.c) * 1000 > 2200)) chosen.push(cand)
  }
  const lackPlan: Category[][] = [
    ['canteen', 'childcare'],
    ['canteen'],
    ['childcare'],
    ['childcare'],
  ]
  const underServed: DemoUnderServed[] = chosen.map((x, n) => {
    const p = (communityFeatures[x.k] as Feature<Polygon, DemoCommunityProps>).properties
    return {
      community_id: p.id,
      code: p.code,
      name: p.name,
      centroid: [round6(x.c[0]), round6(x.c[1])],
      lacks: lackPlan[n] as Category[],
      few: [],
      note: '',
    }
  })
  const fewStores = byRemoteness[byRemoteness.length - 1] as { k: number; c: [number, number] }
  const fewStoresProps = (communityFeatures[fewStores.k] as Feature<Polygon, DemoCommunityProps>)
    .properties
  const clearOf = (cat: Category, at: Position) =>
    underServed.every(
      (u) =>
        !u.lacks.includes(cat) || turfDistance(u.centroid, at) * 1000 > UNDER_SERVED_RADIUS_M + 30,
    )

  // --- facilities.
  const facilityFeatures: Array<Feature<Point, DemoFacilityProps>> = []
  const placed: Xy[] = []
  const names = new UniqueNames()
  const phones = new Set<string>()
  const freshPhone = () => {
    for (;;) {
      const p = phone(rand)
      if (!phones.has(p)) {
        phones.add(p)
        return p
      }
    }
  }
  const facilityCells = [
    ...frontage.keys(),
    ...[...laneOf.keys()].filter((c) => eligible(c) && !frontage.has(c)),
  ].sort((x, y) => x - y)
  const communityCells = communities.map(() => [] as number[])
  for (const c of facilityCells) communityCells[communityOfCell.get(c) as number]?.push(c)
  const storesIn = new Map<number, number>()

  interface Spot {
    xy: Xy
    at: Position
    community: number
    road: string
    address: string
  }
  /** A point a few metres behind a road frontage (or beside a lane) inside cell `c`. */
  const spotIn = (c: number): Spot | null => {
    const centre = cellCentre(c)
    const f = frontage.get(c)
    let xy: Xy
    let road: string
    let address: string
    if (f !== undefined) {
      const e = pick(rand, f)
      const t = uniform(rand, 0.18, 0.82)
      const q = lerp(node(e.from), node(e.to), t)
      const d = Math.hypot(centre.x - q.x, centre.y - q.y)
      xy = lerp(q, centre, uniform(rand, 10, 22) / d)
      road = e.road
      address = `${e.road}${freeNumber(e.road, houseNumber(e, t, centre))}号`
    } else {
      const lane = laneOf.get(c)
      if (lane === undefined) return null
      const corner = pick(rand, cellRing(c))
      xy = lerp(centre, corner, uniform(rand, 0.3, 0.45))
      road = lane.lane.replace(/\d+弄$/, '')
      address = `${lane.lane}${randomInt(rand, 1, 80)}号`
    }
    if (placed.some((p) => Math.hypot(p.x - xy.x, p.y - xy.y) < 8)) return null
    const at = toLonLat(xy)
    const k = communityOfCell.get(c) as number
    const geom = communityFeatures[k] as Feature<Polygon>
    if (!booleanPointInPolygon(at, geom, { ignoreBoundary: true })) return null
    if (distanceToRing(xy, riverRing) < 5) return null
    return { xy, at, community: k, road, address }
  }
  const statusFor = (): DemoFacilityProps['status'] => {
    const r = rand()
    return r < 0.05 ? 'closed' : r < 0.08 ? 'planned' : 'open'
  }
  const add = (
    cat: Category,
    spot: Spot,
    fields: Omit<
      DemoFacilityProps,
      'id' | 'category' | 'address' | 'status' | 'published' | 'community_id' | 'source'
    >,
  ) => {
    const status = statusFor()
    const published = status === 'planned' ? rand() >= 0.4 : rand() >= 0.006
    placed.push(spot.xy)
    if (cat === 'store') storesIn.set(spot.community, (storesIn.get(spot.community) ?? 0) + 1)
    facilityFeatures.push({
      type: 'Feature',
      properties: {
        id: newId(),
        category: cat,
        name: fields.name,
        address: spot.address,
        status,
        capacity: fields.capacity,
        hours: fields.hours,
        phone: fields.phone,
        operator: fields.operator,
        inclusive: fields.inclusive,
        published,
        community_id: communityIds[spot.community] as string,
        source: DEMO_SOURCE,
      },
      geometry: { type: 'Point', coordinates: spot.at },
    })
  }
  /** Tries random cells from `cells` until a spot passes `accept`. */
  const findSpot = (
    cells: readonly number[],
    accept: (s: Spot) => boolean,
    tries = 40,
  ): Spot | null => {
    if (cells.length === 0) return null
    for (let n = 0; n < tries; n++) {
      const s = spotIn(pick(rand, cells))
      if (s !== null && accept(s)) return s
    }
    return null
  }
  const commName = (k: number) => (communities[k] as Community).name

  // Canteens (老年食堂 / 助餐点): one per community where the plan allows, then a few more.
  const canteenTarget = randomInt(rand, 30, 40)
  let canteens = 0
  for (const k of shuffled(
    rand,
    communities.map((_, k) => k),
  )) {
    if (canteens >= canteenTarget || rand() < 0.12) continue
    const s = findSpot(communityCells[k] ?? [], (sp) => clearOf('canteen', sp.at), 15)
    if (s === null) continue
    const big = rand() < 0.5
    add('canteen', s, {
      name: names.take((o) => `${commName(k)}社区${big ? '长者食堂' : '助餐点'}${o}`),
      capacity: big ? randomInt(rand, 60, 120) : randomInt(rand, 20, 60),
      hours: pick(rand, [
        '10:30-13:00,16:30-18:30',
        '06:30-09:00,11:00-13:30',
        '11:00-13:00',
        'Mo-Fr 10:30-13:30; Sa,Su 11:00-13:00',
        'Mo-Sa 06:30-08:30,10:30-13:00,16:30-18:00',
      ]),
      phone: freshPhone(),
      operator: big ? pick(rand, CANTEEN_OPERATORS) : `${commName(k)}社区居民委员会`,
      inclusive: rand() < 0.85,
    })
    canteens++
  }
  for (let guard = 0; canteens < canteenTarget && guard < 200; guard++) {
    const s = findSpot(facilityCells, (sp) => clearOf('canteen', sp.at))
    if (s === null) continue
    add('canteen', s, {
      name: names.take((o) => `${s.road}老年助餐点${o}`),
      capacity: randomInt(rand, 20, 50),
      hours: '10:30-13:00',
      phone: freshPhone(),
      operator: pick(rand, CANTEEN_OPERATORS),
      inclusive: rand() < 0.7,
    })
    canteens++
  }

  // Childcare (托育点): community 宝宝屋 (普惠) and private nurseries.
  const childcareTarget = randomInt(rand, 24, 34)
  let childcare = 0
  for (let guard = 0; childcare < childcareTarget && guard < 400; guard++) {
    const community = rand() < 0.4
    const k = randomInt(rand, 0, communities.length - 1)
    const s = findSpot(community ? (communityCells[k] ?? []) : facilityCells, (sp) =>
      clearOf('childcare', sp.at),
    )
    if (s === null) continue
    if (community) {
      const name = `${commName(s.community)}社区宝宝屋`
      if (facilityFeatures.some((f) => f.properties.name === name)) continue
      add('childcare', s, {
        name: names.take((o) => `${name}${o}`),
        capacity: randomInt(rand, 15, 30),
        hours: 'Mo-Fr 08:30-11:30,13:30-16:30',
        phone: freshPhone(),
        operator: `${commName(s.community)}社区居民委员会`,
        inclusive: true,
      })
    } else {
      const brand = pick(rand, CHILDCARE_BRANDS)
      add('childcare', s, {
        name: names.take((o) => `${brand}(${s.road}${o}园)`),
        capacity: randomInt(rand, 30, 90),
        hours: pick(rand, [
          'Mo-Fr 07:30-18:00',
          'Mo-Fr 08:00-17:30',
          'Mo-Fr 08:00-18:00; Sa 09:00-12:00',
        ]),
        phone: freshPhone(),
        operator: `${DEMO_DISTRICT}${brand.replace(/(托育园|托育中心|托育)$/, '')}托育服务有限公司`,
        inclusive: rand() < 0.5,
      })
    }
    childcare++
  }

  // Fitness (健身点): one per community, two in each park, the rest along roads.
  const fitnessTarget = randomInt(rand, 95, 130)
  let fitness = 0
  const outdoor = (name: string, s: Spot) => {
    add('fitness', s, {
      name,
      capacity: randomInt(rand, 5, 60) * 10,
      hours: pick(rand, ['24/7', '05:30-21:30', '06:00-21:00']),
      phone: null,
      operator: `${DEMO_STREET}社区体育服务中心`,
      inclusive: false,
    })
    fitness++
  }
  communities.forEach((_, k) => {
    const s = findSpot(communityCells[k] ?? [], () => true, 10)
    if (s !== null)
      outdoor(
        names.take((o) => `${commName(k)}社区健身点${o}`),
        s,
      )
  })
  for (const park of parks) {
    for (const label of ['健身步道', '健身点']) {
      const c = pick(rand, park.cells)
      const xy = lerp(cellCentre(c), pick(rand, cellRing(c)), uniform(rand, 0.15, 0.3))
      if (placed.some((p) => Math.hypot(p.x - xy.x, p.y - xy.y) < 8)) continue
      const k = communityOfCell.get(c) as number
      const at = toLonLat(xy)
      if (!booleanPointInPolygon(at, communityFeatures[k] as Feature<Polygon>)) continue
      outdoor(`${park.name}${label}`, {
        xy,
        at,
        community: k,
        road: park.name,
        address: `${park.name}内`,
      })
    }
  }
  for (let guard = 0; fitness < fitnessTarget && guard < 400; guard++) {
    const s = findSpot(facilityCells, () => true)
    if (s === null) continue
    if (rand() < 0.2) {
      add('fitness', s, {
        name: names.take((o) => `${commName(s.community)}社区百姓健身房${o}`),
        capacity: randomInt(rand, 20, 200) * 10,
        hours: pick(rand, ['06:00-21:00', 'Mo-Fr 09:00-21:00; Sa,Su 08:00-20:00']),
        phone: freshPhone(),
        operator: `${DEMO_STREET}社区体育服务中心`,
        inclusive: false,
      })
      fitness++
    } else {
      outdoor(
        names.take((o) =>
          rand() < 0.5 ? `${s.road}健身驿站${o}` : `${commName(s.community)}市民益智健身苑点${o}`,
        ),
        s,
      )
    }
  }

  // Convenience stores (便利店): the commonest, facing arterials more than lanes.
  const storeTarget = randomInt(rand, 300, 400)
  const storeCells: number[] = []
  for (const c of facilityCells) {
    const f = frontage.get(c)
    const w = f === undefined ? 1 : f.some((e) => e.cls === 'arterial') ? 4 : 2
    for (let n = 0; n < w; n++) storeCells.push(c)
  }
  const brandBag = STORE_BRANDS.flatMap((b) => Array.from({ length: b.weight }, () => b))
  let stores = 0
  for (let guard = 0; stores < storeTarget && guard < 2000; guard++) {
    const s = findSpot(
      storeCells,
      (sp) =>
        (sp.community !== fewStores.k || (storesIn.get(sp.community) ?? 0) < 1) &&
        turfDistance(fewStores.c, sp.at) * 1000 > FEW_STORES_RADIUS_M + 10,
      5,
    )
    if (s === null) continue
    if (rand() < 0.85) {
      const brand = pick(rand, brandBag)
      add('store', s, {
        name: names.take(
          (o) => `${brand.name}(${s.road}${o}店)`,
          `${brand.name}(${s.address.replace(/号$/, '')}号店)`,
        ),
        capacity: null,
        hours: rand() < 0.7 ? '24/7' : pick(rand, ['07:00-23:00', '06:30-23:30']),
        phone: freshPhone(),
        operator: brand.operator,
        inclusive: false,
      })
    } else {
      add('store', s, {
        name: names.take((o) => `${s.road}便民${pick(rand, ['超市', '商店', '便利店'])}${o}`),
        capacity: null,
        hours: pick(rand, ['07:00-22:00', '06:30-22:30', '08:00-21:00']),
        phone: rand() < 0.7 ? freshPhone() : null,
        operator: '个体经营',
        inclusive: false,
      })
    }
    stores++
  }

  underServed.forEach((u) => {
    u.note = `${u.lacks.map((c) => (c === 'canteen' ? '老年食堂/助餐点' : '托育点')).join('、')}：社区中心 1000 m 内没有 (no ${u.lacks.join(' / ')} within 1,000 m of the centroid)`
  })
  const storesInFew = storesIn.get(fewStores.k) ?? 0
  underServed.push({
    community_id: fewStoresProps.id,
    code: fewStoresProps.code,
    name: fewStoresProps.name,
    centroid: [round6(fewStores.c[0]), round6(fewStores.c[1])],
    lacks: [],
    few: ['store'],
    note: `便利店很少：社区内仅 ${storesInFew} 家，社区中心 ${FEW_STORES_RADIUS_M} m 内没有 (only ${storesInFew} convenience store${storesInFew === 1 ? '' : 's'} inside the community, none within ${FEW_STORES_RADIUS_M} m of the centroid)`,
  })

  // --- users.
  const users: DemoUser[] = [
    { email: 'admin@demo.lifecircle', role: 'admin', display_name: '管理员', communities: [] },
    { email: 'planner@demo.lifecircle', role: 'planner', display_name: '规划师', communities: [] },
    {
      email: 'worker.a@demo.lifecircle',
      role: 'worker',
      display_name: '社区工作者甲',
      communities: [communityIds[0] as string, communityIds[1] as string],
    },
    {
      email: 'worker.b@demo.lifecircle',
      role: 'worker',
      display_name: '社区工作者乙',
      communities: [communityIds[2] as string, communityIds[3] as string],
    },
    { email: 'resident@demo.lifecircle', role: 'resident', display_name: '居民', communities: [] },
  ].map((u) => ({ id: newId(), ...(u as Omit<DemoUser, 'id'>) }))

  // --- assemble.
  const boundaryFeature = polygon<DemoBoundaryProps>(outlineRing, {
    name: DEMO_STREET,
    street: DEMO_STREET,
    district: DEMO_DISTRICT,
    code: '310199001',
    area_m2: 0,
    source: DEMO_SOURCE,
    label: DEMO_LABEL,
  })
  boundaryFeature.properties.area_m2 = Math.round(turfArea(boundaryFeature) * 10) / 10
  const water = [
    polygon<DemoAreaProps>(riverRing, {
      id: 'W1',
      name: riverName,
      kind: 'river',
      source: DEMO_SOURCE,
    }),
  ]
  const parkFeatures = parks.map((p, k) =>
    polygon<DemoAreaProps>(p.ring, {
      id: `P${k + 1}`,
      name: p.name,
      kind: 'park',
      source: DEMO_SOURCE,
    }),
  )
  const outline = boundaryFeature.geometry.coordinates[0] as Position[]
  const lons = outline.map((p) => p[0] as number)
  const lats = outline.map((p) => p[1] as number)
  const byCategory = Object.fromEntries(
    CATEGORIES.map((c) => [c, facilityFeatures.filter((f) => f.properties.category === c).length]),
  ) as Record<Category, number>
  const byStatus = { open: 0, closed: 0, planned: 0 }
  for (const f of facilityFeatures) byStatus[f.properties.status]++
  const streetsByClass = { arterial: 0, secondary: 0, lane: 0 }
  for (const f of streetFeatures) streetsByClass[f.properties.class]++
  const sum = (key: 'population' | 'population_elderly' | 'population_infants' | 'households') =>
    communityFeatures.reduce((s, f) => s + f.properties[key], 0)

  const title = (what: string) => `${DEMO_DISTRICT}${DEMO_STREET} ${what} — ${DEMO_LABEL}`
  const meta: DemoMeta = {
    label: DEMO_LABEL,
    description:
      '虚构的示范街道，由种子确定性生成，用于演示与测试，不代表任何真实地点。A fictional sub-district generated deterministically from a seed for demos and tests; it depicts no real place.',
    seed,
    generator: 'scripts/generate-demo-city.ts',
    generator_version: GENERATOR_VERSION,
    crs: 'WGS-84 lon/lat (EPSG:4326), RFC 7946',
    street: DEMO_STREET,
    district: DEMO_DISTRICT,
    vintage: DEMO_VINTAGE,
    centre: districtCentre,
    bbox: [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)],
    area_m2: boundaryFeature.properties.area_m2,
    population: {
      total: sum('population'),
      elderly: sum('population_elderly'),
      infants: sum('population_infants'),
      households: sum('households'),
    },
    counts: {
      communities: communityFeatures.length,
      facilities: facilityFeatures.length,
      by_category: byCategory,
      by_status: byStatus,
      unpublished: facilityFeatures.filter((f) => !f.properties.published).length,
      streets: streetsByClass,
      bridges,
      population_blocks: blockFeatures.length,
      parks: parkFeatures.length,
    },
    under_served: underServed,
    users: users.map((u) => ({ email: u.email, role: u.role, communities: u.communities })),
  }

  return {
    seed,
    boundary: collection(title('街道边界 boundary'), [boundaryFeature]),
    communities: collection(title('社区 communities'), communityFeatures),
    facilities: collection(title('设施 facilities'), facilityFeatures),
    streets: collection(title('道路 streets'), streetFeatures),
    water: collection(title('水系 water'), water),
    parks: collection(title('公园 parks'), parkFeatures),
    populationBlocks: collection(title('小区人口 population blocks'), blockFeatures),
    meta,
    users,
  }
}
