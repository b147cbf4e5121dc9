import Flatbush from 'flatbush'
import type { MultiPolygon, Polygon } from 'geojson'
import {
  projectStereographic,
  stereographicPlane,
  unprojectStereographic,
  type StereographicPlane,
} from '../../geo/stereographic.ts'
import { EARTH_RADIUS_M, type LngLat } from '../../geo/units.ts'
import { cityTotals } from '../city-totals.ts'
import { polygonArea } from '../disc-union-area.ts'
import {
  cellSeedD2,
  lowerBoundY,
  nearestSeeds,
  seedsByY,
  sphereDistance,
  type Seeds,
  type SparseCells,
} from './nearest-seeds.ts'
import { gridFacilityDistances, pointToCommunityDistance } from './facility-distance.ts'
import { TwoStepField, rowPrefix, type CoarsePeople } from './capacity.ts'
import {
  areaInHalfPlaneUnions,
  clipRingToBox,
  ringArea,
  type HalfPlanes,
} from './cell-clip.ts'
import { meanCoverFraction } from './cover-fraction.ts'
import { grown } from '../grow-array.ts'
import { binCells, binOf, type DistanceBins } from './distance-bins.ts'
import { polysBox, rasterizePolygons, type GridSpec } from './rasterize.ts'
import { planePolygon, pointInPlanePolygon, type PlanePolygon } from '../plane-polygon.ts'
import { GROUPS, polygonRings, populationPieces } from '../population-pieces.ts'
import { targetPopulation } from '../target-population.ts'
import type {
  CategoryFigures,
  CategorySetting,
  CommunityResult,
  CoverageInput,
  CoverageResult,
  CoverageSettings,
  FacilityFeature,
} from '../types.ts'

/** Default cell size, metres (issue 3). */
export const DEFAULT_CELL_M = 10
/** Bytes the per-cell arrays of a model may take (the rest is small or the input itself). */
export const CELL_BUDGET_BYTES = 150_000_000

/**
 * Most grid cells a model with `categories` categories may hold: each cell takes 12 bytes plus
 * 12 per category (distance, nearest facility, place in the distance bins). Larger cities get
 * coarser cells (still area-weighted, with sub-cell reach boundaries, so shares stay accurate)
 * and a warning saying so. Measured on generated cities with four categories: 1,500 km² gets
 * 25.5 m cells, 6,000 km² 50.5 m.
 * @example maxCells(4) // 2,500,000
 */
export function maxCells(categories: number): number {
  return Math.floor(CELL_BUDGET_BYTES / (12 + 12 * Math.max(categories, 1)))
}
/**
 * Cells with less of their area inside the community are boundary cells: where a reach boundary
 * crosses one, its covered part is measured exactly (see boundaryCover).
 */
const FULL_CELL = 1 - 1e-6
const INV_4R2 = 1 / (4 * EARTH_RADIUS_M * EARTH_RADIUS_M)
/** Residents farther than this get no nearest-distance quantile, as in the exact method. */
const NEAREST_MAX_M = 5000
/** Cells per tile side for "which cells can a facility change". */
const TILE = 32
/** Size of the 2SFCA population cells, metres (boundary cells count by covered fraction). */
const COARSE_M = 40
/**
 * Distance bins per cell diagonal: a re-threshold looks one by one at the cells of the bins
 * within half a diagonal of the reach, so finer bins spare it most of the cells that turn out
 * wholly covered or not (a quarter: 40% fewer cells looked at, ~12 bytes per bin).
 */
const BIN_SPLIT = 4
/** The same for the complete share's bins (one set per community, not one per category). */
const JOINT_BIN_SPLIT = 8
/** Most coarse cells in a city's 2SFCA grid. */
const MAX_COARSE = 250_000

interface GridCategory {
  setting: CategorySetting
  group: number
  seeds: Seeds
  ids: string[]
  idIndex: Map<string, number>
  capacity: Float64Array
  hasCapacity: boolean
  byY: Int32Array
  dist: Float32Array
  feat: Int32Array
  /** Largest distance (m) of any cell in each tile; filled on the first edit (null before). */
  tileMax: Float32Array | null
  /** Per community: distances (m) from counted facilities to its polygon, sorted, up to `listCap`. */
  lists: Float32Array[]
  listCap: number
  /**
   * Per community: active seeds within `listCap` (+ 2 cells) of its bounding box, in `byY`
   * order; made on demand for boundary cells, dropped with `lists` when they are redone.
   */
  near: Array<NearSeeds | undefined>
  /** Per facility: 1 when it stands inside a community. */
  inside: Uint8Array
  /**
   * Per facility outside every community: metres to the nearest one (≥ 0), or −R when none is
   * within R m (NaN: not looked yet). Neither depends on the reach.
   */
  gap: Float64Array
  /** 2SFCA state (null when the category has no known capacity). */
  access: TwoStepField | null
  /** Per community: its area cells (and population cells) binned by distance. */
  permArea: Int32Array
  binsArea: DistanceBins[]
  permPeople: Int32Array | null
  binsPeople: Array<DistanceBins | null>
  /** Nearest-distance median and p90 per community (NaN: none). */
  median: Float64Array
  p90: Float64Array
}

/**
 * Seed positions (plane m) side by side, in increasing y: boundary cells scan a y-range of them
 * (a gather through seed indices would stall on memory).
 */
interface NearSeeds {
  x: Float64Array
  y: Float64Array
  /** Every seed within this many m of a cell of the community is here. */
  far: number
}

interface GridCommunity {
  id: string
  name: string
  population: number
  polys: PlanePolygon[]
  area: number
  target: Float64Array
  fallback: Uint8Array
  /** Grid window (cells) holding the community. */
  col0: number
  col1: number
  row0: number
  row1: number
}

/** Cells of each community with weights, community-major. */
interface Memberships {
  start: Int32Array
  cell: Int32Array
  /** Area fraction of the cell inside the community (area) or people per group (population). */
  weight: Float32Array[]
}

/**
 * A staged fast-coverage model: the raster, one distance field per category, cached figures.
 * `threshold` only re-thresholds and re-aggregates; facility edits update the cells near the
 * change and the communities they touch. Every figure equals a fresh `createGridModel` of the
 * edited input exactly (same numbers, not just close).
 */
export interface GridModel {
  readonly plane: StereographicPlane
  readonly grid: GridSpec
  readonly cells: SparseCells
  /** Gap pieces under this many m² are dropped (settings.min_gap_area_m2, default 100). */
  readonly minGapAreaM2: number
  result(): CoverageResult
  threshold(reachByCategory: Readonly<Record<string, number>>): CoverageResult
  addFacility(facility: FacilityFeature): CoverageResult
  moveFacility(id: string, to: LngLat): CoverageResult
  removeFacility(id: string): CoverageResult
  /**
   * Uncovered cells of a community for a category: a mask over the community's grid window
   * (1 = a cell at least half inside the community and not within reach).
   */
  gapMask(communityId: string, category: string): GapMask | null
}

export interface GapMask {
  grid: GridSpec
  plane: StereographicPlane
  col0: number
  row0: number
  width: number
  height: number
  mask: Uint8Array
}

/** Grows `box` (west, south, east, north) by the outer rings of a (Multi)Polygon; returns it. */
function lonLatBox(geometry: Polygon | MultiPolygon, box: number[]): number[] {
  for (const poly of polygonRings(geometry)) {
    for (const p of poly[0] ?? []) {
      box[0] = Math.min(box[0]!, p[0]!)
      box[1] = Math.min(box[1]!, p[1]!)
      box[2] = Math.max(box[2]!, p[0]!)
      box[3] = Math.max(box[3]!, p[1]!)
    }
  }
  return box
}

function countedStatus(f: FacilityFeature, counted: ReadonlySet<string>): boolean {
  return counted.has(f.properties.status ?? 'open')
}

function lngLatOf(f: FacilityFeature): [number, number] | null {
  const c = f.geometry?.coordinates
  if (!c || !Number.isFinite(c[0]) || !Number.isFinite(c[1])) return null
  return [c[0]!, c[1]!]
}

function upperBound(sorted: Float32Array, v: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid]! <= v) lo = mid + 1
    else hi = mid
  }
  return lo
}

class GridModelImpl implements GridModel {
  readonly plane: StereographicPlane
  readonly grid: GridSpec
  readonly cells: SparseCells
  readonly minGapAreaM2: number
  private readonly settings: CoverageSettings
  private readonly warnings: string[]
  private readonly placement: 'even' | 'population-layer'
  private readonly counted: ReadonlySet<string>
  private readonly communities: GridCommunity[]
  private readonly byId = new Map<string, number>()
  private readonly area: Memberships
  /** People of each group per cell; null when people are spread evenly. */
  private readonly people: Memberships | null
  /** Per group: communities where the population layer places nobody (spread evenly). */
  private readonly evenPeople: Uint8Array[]
  private readonly cats: GridCategory[]
  private readonly tilesX: number
  private readonly tilesY: number
  private readonly communityIndex: Flatbush
  /** 2SFCA: coarse cells per grid cell side and, per group, people per coarse cell. */
  private readonly coarseFactor: number
  private readonly coarse: Array<CoarsePeople | null>
  private readonly results: CommunityResult[]
  /** Per community and category: smallest and largest cell distance, for whole-community shortcuts. */
  private readonly dmin: Float32Array[]
  /** Σ weights of each community's area cells and, per group, population cells (NaN: not yet). */
  private readonly areaTotal: Float64Array
  private readonly peopleTotal: Float64Array[]
  private readonly dmax: Float32Array[]
  /**
   * Which memberships are of community boundary cells (area weight under FULL_CELL), one bit
   * each, and how many are before each 32: membership k is the b-th boundary one, b =
   * boundaryBefore[k >> 5] + the bits of boundaryBits[k >> 5] below k's (two loads, no search).
   */
  private readonly boundaryBits: Int32Array
  private readonly boundaryBefore: Int32Array
  /**
   * Community boundary cells' parts inside the community, made on demand and kept flat (no
   * objects per cell): the b-th boundary membership → slot s = slotOf[b] (−1: not made yet);
   * slot s has rings slotRing[s] … slotRing[s + 1] − 1, ring q has vertices ringStart[q] …
   * ringStart[q + 1] − 1 (cell-centred; outer rings counter-clockwise, holes clockwise) and its
   * own signed area.
   */
  private readonly slotOf: Int32Array
  private slotCx = new Float64Array(256)
  private slotCy = new Float64Array(256)
  private slotRing = new Int32Array(257)
  private ringStart = new Int32Array(513)
  private ringAreas = new Float64Array(512)
  private vx = new Float64Array(4096)
  private vy = new Float64Array(4096)
  private slots = 0
  private rings = 0
  /**
   * Per community: its area cells (and people-of-all cells) binned by their farthest nearest
   * facility over the categories, for the complete share.
   */
  private readonly jointPermArea: Int32Array
  private readonly jointArea: DistanceBins[] = []
  private readonly jointPermPeople: Int32Array | null
  private readonly jointPeople: Array<DistanceBins | null> = []
  // Scratch of evaluate (a re-threshold evaluates every community: no garbage per community).
  private readonly state: Int8Array
  private readonly mixed: Int32Array
  private readonly areaOut: Float64Array
  private readonly peopleOut: Float64Array[]
  private readonly byGroup: Array<Float64Array | null> = GROUPS.map(() => null)
  private readonly bandDist: Float32Array[]
  private readonly bandLo: Float64Array
  private readonly bandHi: Float64Array
  private readonly bandCis: Int32Array
  private readonly partialCis: Int32Array
  private gatherW = new Float32Array(1024)
  private nearX = new Float64Array(1024)
  private nearY = new Float64Array(1024)
  private gatherD = new Float32Array(4096)
  private readonly halfPlanes: HalfPlanes = {
    ux: new Float64Array(16),
    uy: new Float64Array(16),
    c: new Float64Array(16),
    group: new Int32Array(16),
    count: 0,
  }

  constructor(input: CoverageInput, editable: boolean) {
    this.settings = input.settings
    this.minGapAreaM2 = input.settings.min_gap_area_m2 ?? 100
    this.warnings = []
    this.counted = new Set<string>(input.settings.count_statuses ?? ['open'])
    // One plane for the whole city, centred on its bounding box (see sphereDistance for why
    // distances stay within 1e-6 of great-circle ones).
    const box = [Infinity, Infinity, -Infinity, -Infinity]
    for (const f of input.communities) lonLatBox(f.geometry, box)
    let [west, south, east, north] = box as [number, number, number, number]
    if (!(east >= west)) {
      west = east = 0
      south = north = 0
    }
    this.plane = stereographicPlane((west + east) / 2, (south + north) / 2)
    let minX = Infinity
    let minY = Infinity
    let maxX = -Infinity
    let maxY = -Infinity
    let totalArea = 0
    this.communities = input.communities.map((f, i) => {
      const polys: PlanePolygon[] = []
      let area = 0
      for (const rings of polygonRings(f.geometry)) {
        const p = planePolygon(this.plane, rings)
        if (!p) continue
        polys.push(p)
        area += polygonArea(p, true)
        minX = Math.min(minX, p.minX)
        minY = Math.min(minY, p.minY)
        maxX = Math.max(maxX, p.maxX)
        maxY = Math.max(maxY, p.maxY)
      }
      totalArea += area
      const target = new Float64Array(GROUPS.length)
      const fallback = new Uint8Array(GROUPS.length)
      GROUPS.forEach((g, k) => {
        const t = targetPopulation(f.properties, g)
        target[k] = t.value
        fallback[k] = t.fallback ? 1 : 0
      })
      const id = String(f.properties.id)
      this.byId.set(id, i)
      return {
        id,
        name: String(f.properties.name ?? ''),
        population: target[0]!,
        polys,
        area,
        target,
        fallback,
        col0: 0,
        col1: 0,
        row0: 0,
        row1: 0,
      }
    })
    if (!(maxX > minX)) {
      minX = minY = 0
      maxX = maxY = 1
    }
    let cell = input.settings.cell_m ?? DEFAULT_CELL_M
    const bboxCells = ((maxX - minX) * (maxY - minY)) / (cell * cell)
    const needed = Math.min(totalArea / (cell * cell), bboxCells)
    const most = maxCells(input.settings.categories.length)
    if (needed > most) {
      const coarser = Math.ceil(Math.sqrt((totalArea / most) * 1.05) * 2) / 2
      this.warnings.push(
        `fast method: ${cell} m cells would need ${Math.round(needed / 1e6)} M cells; using ${coarser} m cells (area-weighted) to stay within memory`,
      )
      cell = coarser
    }
    const ox = Math.floor(minX / cell) * cell
    const oy = Math.floor(minY / cell) * cell
    const width = Math.max(1, Math.ceil((maxX - ox) / cell))
    const height = Math.max(1, Math.ceil((maxY - oy) / cell))
    this.grid = { ox, oy, cell, width, height }

    // Rasterise communities (exact area fractions), then number the distinct cells row-major.
    const rasters = this.communities.map((c) => {
      const r = rasterizePolygons(c.polys, this.grid)
      let c0 = width
      let c1 = 0
      let r0 = height
      let r1 = 0
      for (const idx of r.index) {
        const row = Math.floor(idx / width)
        const col = idx - row * width
        if (col < c0) c0 = col
        if (col + 1 > c1) c1 = col + 1
        if (row < r0) r0 = row
        if (row + 1 > r1) r1 = row + 1
      }
      c.col0 = c0
      c.col1 = Math.max(c1, c0)
      c.row0 = r0
      c.row1 = Math.max(r1, r0)
      return r
    })
    const lookup = new Int32Array(width * height).fill(-1)
    for (const r of rasters) for (const idx of r.index) lookup[idx] = 0
    let m = 0
    const rowStart = new Int32Array(height + 1)
    for (let row = 0; row < height; row++) {
      const base = row * width
      for (let col = 0; col < width; col++)
        if (lookup[base + col] === 0) lookup[base + col] = m++ + 1
      rowStart[row + 1] = m
    }
    const colOf = new Int32Array(m)
    for (let row = 0; row < height; row++) {
      const base = row * width
      for (let col = 0; col < width; col++) {
        const v = lookup[base + col]!
        if (v > 0) {
          lookup[base + col] = v - 1
          colOf[v - 1] = col
        }
      }
    }
    this.cells = { grid: this.grid, col: colOf, rowStart }
    let k = 0
    for (const r of rasters) k += r.index.length
    const start = new Int32Array(this.communities.length + 1)
    const memCell = new Int32Array(k)
    const memArea = new Float32Array(k)
    k = 0
    rasters.forEach((r, i) => {
      for (let q = 0; q < r.index.length; q++) {
        memCell[k] = lookup[r.index[q]!]!
        memArea[k] = r.value[q]!
        k++
      }
      start[i + 1] = k
    })
    this.area = { start, cell: memCell, weight: [memArea] }
    this.boundaryBits = new Int32Array((k >> 5) + 1)
    this.boundaryBefore = new Int32Array((k >> 5) + 1)
    let nb = 0
    for (let q = 0; q < k; q++) {
      if ((q & 31) === 0) this.boundaryBefore[q >> 5] = nb
      if (memArea[q]! < FULL_CELL) {
        this.boundaryBits[q >> 5]! |= 1 << (q & 31)
        nb++
      }
    }
    this.slotOf = new Int32Array(nb).fill(-1)

    const communityIndex = new Flatbush(Math.max(this.communities.length, 1))
    for (const c of this.communities) {
      communityIndex.add(
        ox + c.col0 * cell,
        oy + c.row0 * cell,
        ox + c.col1 * cell,
        oy + c.row1 * cell,
      )
    }
    if (this.communities.length === 0) communityIndex.add(0, 0, 0, 0)
    communityIndex.finish()
    this.communityIndex = communityIndex

    // Population layer: people of each block piece inside a community, spread over the piece's
    // cells by exact area fraction (pieces are cut by the community, as in the exact method).
    const blocks = input.population ?? []
    this.placement = blocks.length > 0 ? 'population-layer' : 'even'
    this.evenPeople = GROUPS.map(() => new Uint8Array(this.communities.length).fill(1))
    this.people = null
    if (blocks.length > 0) this.people = this.rasterizePeople(input, blocks, lookup)

    this.tilesX = Math.ceil(width / TILE)
    this.tilesY = Math.ceil(height / TILE)
    // 2SFCA cells: at least COARSE_M and few enough for a quick pass over them (MAX_COARSE).
    // Not tied to the reach, so a re-threshold and a rebuild use the same cells (same numbers).
    const coarseM = Math.max(COARSE_M, Math.sqrt((width * height * cell * cell) / MAX_COARSE))
    const coarse = Math.max(1, Math.ceil(coarseM / cell - 1e-9))
    this.coarseFactor = coarse
    this.coarse = GROUPS.map(() => null)
    this.cats = input.settings.categories.map((s) => this.buildCategory(s, input.facilities))
    for (const cat of this.cats) {
      const fell = this.communities.filter((c) => c.fallback[cat.group] === 1).length
      if (fell > 0) {
        this.warnings.push(
          `${cat.setting.code}: ${fell} communities lack a ${cat.setting.target_group} population; total population used`,
        )
      }
    }
    const nc = this.cats.length
    this.state = new Int8Array(nc)
    this.mixed = new Int32Array(nc)
    this.areaOut = new Float64Array(nc + 1)
    this.peopleOut = GROUPS.map(() => new Float64Array(nc + 1))
    this.bandDist = this.cats.map((c) => c.dist)
    this.bandLo = new Float64Array(nc)
    this.bandHi = new Float64Array(nc)
    this.bandCis = new Int32Array(nc)
    this.partialCis = new Int32Array(nc)
    this.jointPermArea = new Int32Array(this.area.cell.length)
    this.jointPermPeople = this.people ? new Int32Array(this.people.cell.length) : null
    const n = this.communities.length
    this.areaTotal = new Float64Array(n).fill(NaN)
    this.peopleTotal = GROUPS.map(() => new Float64Array(n).fill(NaN))
    this.dmin = this.cats.map(() => new Float32Array(n))
    this.dmax = this.cats.map(() => new Float32Array(n))
    for (let ci = 0; ci < this.cats.length; ci++) {
      this.computeLists(ci, null)
      this.computeCapacity(ci)
    }
    // Community by community: its cells' distances are still in cache for the joint bins.
    for (let i = 0; i < n; i++) {
      for (let ci = 0; ci < this.cats.length; ci++) this.computeNearest(ci, i)
      this.computeJoint(i)
    }
    this.results = this.communities.map((_, i) => this.evaluate(i))
    if (editable) for (let ci = 0; ci < this.cats.length; ci++) this.tilesNear(ci, 0, 0)
  }

  private rasterizePeople(
    input: CoverageInput,
    blocks: NonNullable<CoverageInput['population']>,
    lookup: Int32Array,
  ): Memberships {
    const blockIndex = new Flatbush(blocks.length)
    for (const b of blocks) {
      const [w, s, e, n] = lonLatBox(b.geometry, [Infinity, Infinity, -Infinity, -Infinity])
      blockIndex.add(w!, s!, e!, n!)
    }
    blockIndex.finish()
    const start = new Int32Array(this.communities.length + 1)
    const cells: number[] = []
    const weights: number[][] = GROUPS.map(() => [])
    let unplaced = 0
    const acc = new Map<number, Float64Array>()
    this.communities.forEach((c, i) => {
      const f = input.communities[i]!
      const [west, south, east, north] = lonLatBox(f.geometry, [
        Infinity,
        Infinity,
        -Infinity,
        -Infinity,
      ]) as [number, number, number, number]
      const near = blockIndex.search(west, south, east, north).map((k) => blocks[k]!)
      // Cut the blocks in the community's own plane, exactly as the exact method does (its
      // "block wholly inside" test looks at vertices, which sit on the shared boundary and so
      // depend on the plane's rounding), then carry the pieces into the city plane: both methods
      // then place the same people in the same places.
      const own = stereographicPlane((west + east) / 2, (south + north) / 2)
      const ownPolys: PlanePolygon[] = []
      for (const rings of polygonRings(f.geometry)) {
        const p = planePolygon(own, rings)
        if (p) ownPolys.push(p)
      }
      const pieces = populationPieces(own, ownPolys, f, near).map((piece) => ({
        weight: piece.weight,
        polys: piece.polys.map((p) => reproject(p, own, this.plane)),
      }))
      acc.clear()
      const totals = new Float64Array(GROUPS.length)
      for (const piece of pieces) {
        const r = rasterizePolygons(piece.polys, this.grid)
        let sum = 0
        for (const v of r.value) sum += v
        if (!(sum > 0)) continue
        for (let q = 0; q < r.index.length; q++) {
          const u = lookup[r.index[q]!]!
          if (u < 0) continue
          let a = acc.get(u)
          if (!a) {
            a = new Float64Array(GROUPS.length)
            acc.set(u, a)
          }
          for (let g = 0; g < GROUPS.length; g++) a[g]! += (piece.weight[g]! * r.value[q]!) / sum
        }
        for (let g = 0; g < GROUPS.length; g++) totals[g]! += piece.weight[g]!
      }
      for (let g = 0; g < GROUPS.length; g++) this.evenPeople[g]![i] = totals[g]! > 0 ? 0 : 1
      if (!(totals[0]! > 0)) unplaced++
      const keys = [...acc.keys()].sort((a, b) => a - b)
      for (const u of keys) {
        cells.push(u)
        const a = acc.get(u)!
        for (let g = 0; g < GROUPS.length; g++) weights[g]!.push(a[g]!)
      }
      start[i + 1] = cells.length
    })
    if (unplaced > 0) {
      this.warnings.push(
        `${unplaced} communities have no people in the population layer; they are spread evenly`,
      )
    }
    return {
      start,
      cell: Int32Array.from(cells),
      weight: weights.map((w) => Float32Array.from(w)),
    }
  }

  private buildCategory(
    setting: CategorySetting,
    facilities: readonly FacilityFeature[],
  ): GridCategory {
    const group = Math.max(GROUPS.indexOf(setting.target_group), 0)
    const m = this.cells.col.length
    const cat: GridCategory = {
      setting: { ...setting },
      group,
      seeds: {
        x: new Float64Array(16),
        y: new Float64Array(16),
        active: new Uint8Array(16),
        count: 0,
      },
      ids: [],
      idIndex: new Map(),
      capacity: new Float64Array(16),
      hasCapacity: false,
      byY: new Int32Array(0),
      dist: new Float32Array(m),
      feat: new Int32Array(m),
      tileMax: null,
      lists: [],
      // Twice the reach, so a slider moved up to double the reach needs no new lists.
      listCap: 2 * setting.reach_m,
      near: [],
      access: null,
      inside: new Uint8Array(16),
      gap: new Float64Array(16),
      permArea: new Int32Array(this.area.cell.length),
      binsArea: [],
      permPeople: this.people ? new Int32Array(this.people.cell.length) : null,
      binsPeople: [],
      median: new Float64Array(this.communities.length),
      p90: new Float64Array(this.communities.length),
    }
    let repeated = 0
    let missingCapacity = 0
    for (const f of facilities) {
      if (f.properties.category !== setting.code || !countedStatus(f, this.counted)) continue
      const at = lngLatOf(f)
      if (!at) continue
      const id = String(f.properties.id)
      if (cat.idIndex.has(id)) {
        repeated++
        continue
      }
      const c = f.properties.capacity
      if (typeof c === 'number' && Number.isFinite(c)) cat.hasCapacity = true
      else missingCapacity++
      this.appendSeed(cat, id, at, c)
    }
    if (repeated > 0) {
      this.warnings.push(
        `${setting.code}: ${repeated} facilities with a repeated id were counted once`,
      )
    }
    if (cat.hasCapacity && missingCapacity > 0) {
      this.warnings.push(
        `${setting.code}: ${missingCapacity} facilities have no capacity; 2SFCA counts them as 0`,
      )
    }
    cat.byY = seedsByY(cat.seeds)
    const g = this.grid
    nearestSeeds(
      cat.seeds,
      cat.byY,
      this.cells,
      { rowFrom: 0, rowTo: g.height, colFrom: 0, colTo: g.width },
      cat.dist,
      cat.feat,
    )
    return cat
  }

  private appendSeed(
    cat: GridCategory,
    id: string,
    at: readonly [number, number],
    capacity: unknown,
  ): number {
    const s = cat.seeds
    const n = s.count
    s.x = grown(s.x, n + 1)
    s.y = grown(s.y, n + 1)
    s.active = grown(s.active, n + 1)
    cat.capacity = grown(cat.capacity, n + 1)
    const xy = new Float64Array(2)
    projectStereographic(this.plane, at[0], at[1], xy, 0)
    s.x[n] = xy[0]!
    s.y[n] = xy[1]!
    s.active[n] = 1
    // Whether the facility stands inside some community (then it reaches people at any reach).
    cat.inside = grown(cat.inside, n + 1)
    const near = this.communityIndex.search(s.x[n]!, s.y[n]!, s.x[n]!, s.y[n]!)
    cat.inside[n] = near.some((i) =>
      this.communities[i]!.polys.some((p) => pointInPlanePolygon(p, s.x[n]!, s.y[n]!)),
    )
      ? 1
      : 0
    cat.gap = grown(cat.gap, n + 1)
    cat.gap[n] = NaN
    // NaN marks an unknown capacity (2SFCA counts it as 0; a category with none known has no figure).
    cat.capacity[n] =
      typeof capacity === 'number' && Number.isFinite(capacity) ? Math.max(capacity, 0) : NaN
    s.count = n + 1
    cat.ids.push(id)
    cat.idIndex.set(id, n)
    return n
  }

  /** Row of cell u (binary search over rowStart). */
  private rowOf(u: number): number {
    const rs = this.cells.rowStart
    let lo = 0
    let hi = rs.length - 2
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1
      if (rs[mid]! <= u) lo = mid
      else hi = mid - 1
    }
    return lo
  }

  // --- distance field maintenance -------------------------------------------------------------

  private tileCells(tx: number, ty: number, visit: (k: number, row: number) => void): void {
    const { rowStart, col } = this.cells
    const rEnd = Math.min((ty + 1) * TILE, this.grid.height)
    const c0 = tx * TILE
    const c1 = c0 + TILE
    for (let row = ty * TILE; row < rEnd; row++) {
      let lo = rowStart[row]!
      let hi = rowStart[row + 1]!
      while (lo < hi) {
        const mid = (lo + hi) >>> 1
        if (col[mid]! < c0) lo = mid + 1
        else hi = mid
      }
      for (let k = lo; k < rowStart[row + 1]! && col[k]! < c1; k++) visit(k, row)
    }
  }

  private computeTiles(ci: number, tx0: number, tx1: number, ty0: number, ty1: number): void {
    const cat = this.cats[ci]!
    const tileMax = cat.tileMax
    if (!tileMax) return
    for (let ty = ty0; ty < ty1; ty++) {
      for (let tx = tx0; tx < tx1; tx++) {
        let max = 0
        this.tileCells(tx, ty, (k) => {
          const d = cat.dist[k]!
          if (d > max) max = d
        })
        tileMax[ty * this.tilesX + tx] = max
      }
    }
  }

  /** Tiles whose cells may lie closer to (x, y) than their current nearest facility. */
  private tilesNear(ci: number, x: number, y: number): [number, number, number, number] | null {
    const cat = this.cats[ci]!
    if (!cat.tileMax) {
      // Made up front for editable models, on the first edit otherwise (one-shot runs).
      cat.tileMax = new Float32Array(this.tilesX * this.tilesY)
      this.computeTiles(ci, 0, this.tilesX, 0, this.tilesY)
    }
    const tileMax = cat.tileMax
    const { ox, oy, cell } = this.grid
    const size = TILE * cell
    let tx0 = Infinity
    let tx1 = -Infinity
    let ty0 = Infinity
    let ty1 = -Infinity
    for (let ty = 0; ty < this.tilesY; ty++) {
      const y0 = oy + ty * size
      const dy = y < y0 ? y0 - y : y > y0 + size ? y - y0 - size : 0
      for (let tx = 0; tx < this.tilesX; tx++) {
        const x0 = ox + tx * size
        const dx = x < x0 ? x0 - x : x > x0 + size ? x - x0 - size : 0
        // Slack: tileMax is a great-circle distance, the test here a plane one (ratio ≤ 1 + 1e-4).
        const reach = tileMax[ty * this.tilesX + tx]! * 1.001 + cell
        if (dx * dx + dy * dy <= reach * reach) {
          tx0 = Math.min(tx0, tx)
          tx1 = Math.max(tx1, tx + 1)
          ty0 = Math.min(ty0, ty)
          ty1 = Math.max(ty1, ty + 1)
        }
      }
    }
    return tx0 < tx1 ? [tx0, tx1, ty0, ty1] : null
  }

  /** Adds seed `j` to the field: cells now nearer to it than to their old nearest. */
  private fieldAdd(ci: number, j: number): [number, number, number, number] | null {
    const cat = this.cats[ci]!
    const s = cat.seeds
    const tiles = this.tilesNear(ci, s.x[j]!, s.y[j]!)
    if (!tiles) return null
    const [tx0, tx1, ty0, ty1] = tiles
    const { ox, oy, cell } = this.grid
    for (let ty = ty0; ty < ty1; ty++) {
      for (let tx = tx0; tx < tx1; tx++) {
        this.tileCells(tx, ty, (k, row) => {
          const d2 = cellSeedD2(this.cells, k, row, s, j)
          const cur = cat.feat[k]!
          if (cur >= 0 && !(d2 < cellSeedD2(this.cells, k, row, s, cur))) return
          cat.feat[k] = j
          cat.dist[k] = sphereDistance(
            ox + (this.cells.col[k]! + 0.5) * cell,
            oy + (row + 0.5) * cell,
            s.x[j]!,
            s.y[j]!,
          )
        })
      }
    }
    this.computeTiles(ci, tx0, tx1, ty0, ty1)
    return tiles
  }

  /**
   * Removes seed `j` (already inactive and out of `byY`): its cells get their nearest among the
   * others. Those cells lie within D (their farthest distance to j) of j, and the active seed
   * nearest to j, at L, is within D + L of each; so their new nearest lies within 2D + L of j and
   * a brute-force pass over those few seeds settles them (comparing as nearestSeeds does; ties
   * to the lower index). An envelope sweep over the whole window cost 5–40 ms for a sparse
   * category.
   */
  private fieldRemove(ci: number, j: number): [number, number, number, number] | null {
    const cat = this.cats[ci]!
    const s = cat.seeds
    const xj = s.x[j]!
    const yj = s.y[j]!
    const tiles = this.tilesNear(ci, xj, yj)
    if (!tiles) return null
    const [tx0, tx1, ty0, ty1] = tiles
    const feat = cat.feat
    const ks: number[] = []
    const rows: number[] = []
    let far = 0
    for (let ty = ty0; ty < ty1; ty++) {
      for (let tx = tx0; tx < tx1; tx++) {
        this.tileCells(tx, ty, (k, row) => {
          if (feat[k] !== j) return
          ks.push(k)
          rows.push(row)
          if (cat.dist[k]! > far) far = cat.dist[k]!
        })
      }
    }
    if (ks.length > 0) {
      const { x, y } = s
      const byY = cat.byY
      // The active seed nearest to j: walk out from j's place in y order.
      let best2 = Infinity
      const at = lowerBoundY(byY, y, yj)
      for (let q = at; q < byY.length; q++) {
        const dy = y[byY[q]!]! - yj
        if (dy * dy > best2) break
        const dx = x[byY[q]!]! - xj
        best2 = Math.min(best2, dx * dx + dy * dy)
      }
      for (let q = at - 1; q >= 0; q--) {
        const dy = y[byY[q]!]! - yj
        if (dy * dy > best2) break
        const dx = x[byY[q]!]! - xj
        best2 = Math.min(best2, dx * dx + dy * dy)
      }
      // Plane vs great-circle distances differ by < 1e-4 relative: the slack covers it.
      const reach = (2 * far + Math.sqrt(best2)) * 1.001 + 2 * this.grid.cell
      const cand: number[] = []
      if (Number.isFinite(reach)) {
        for (let q = lowerBoundY(byY, y, yj - reach); q < byY.length; q++) {
          const c = byY[q]!
          if (y[c]! > yj + reach) break
          if (Math.abs(x[c]! - xj) <= reach) cand.push(c)
        }
      }
      const { ox, oy, cell } = this.grid
      for (let a = 0; a < ks.length; a++) {
        const k = ks[a]!
        const row = rows[a]!
        let best = -1
        let bestD2 = Infinity
        for (const c of cand) {
          const d2 = cellSeedD2(this.cells, k, row, s, c)
          if (d2 < bestD2 || (d2 === bestD2 && c < best)) {
            bestD2 = d2
            best = c
          }
        }
        feat[k] = best
        cat.dist[k] =
          best < 0
            ? Infinity
            : sphereDistance(
                ox + (this.cells.col[k]! + 0.5) * cell,
                oy + (row + 0.5) * cell,
                x[best]!,
                y[best]!,
              )
      }
    }
    this.computeTiles(ci, tx0, tx1, ty0, ty1)
    return tiles
  }

  // --- per-community figures -------------------------------------------------------------------

  private computeLists(ci: number, only: readonly number[] | null): void {
    const cat = this.cats[ci]!
    const which = only ?? this.communities.map((_, i) => i)
    for (const i of which) {
      cat.near[i] = undefined
      cat.lists[i] = gridFacilityDistances(
        this.communities[i]!.polys,
        cat.seeds,
        cat.byY,
        cat.listCap,
      )
    }
  }

  /** People of group g in each cell of community i, as weights (even spread: area fractions). */
  private peopleOf(
    i: number,
    g: number,
  ): { start: number; end: number; cell: Int32Array; w: Float32Array } {
    if (this.people && this.evenPeople[g]![i] === 0) {
      return {
        start: this.people.start[i]!,
        end: this.people.start[i + 1]!,
        cell: this.people.cell,
        w: this.people.weight[g]!,
      }
    }
    return {
      start: this.area.start[i]!,
      end: this.area.start[i + 1]!,
      cell: this.area.cell,
      w: this.area.weight[0]!,
    }
  }

  private computeNearest(ci: number, i: number): void {
    const cat = this.cats[ci]!
    const { start, end, cell, w } = this.peopleOf(i, cat.group)
    const dist = cat.dist
    let lo = Infinity
    let hi = 0
    // Over the area cells and the population cells (whole blocks may reach a little outside).
    for (const a of this.people ? [this.area, this.people] : [this.area]) {
      for (let k = a.start[i]!; k < a.start[i + 1]!; k++) {
        const d = dist[a.cell[k]!]!
        if (d < lo) lo = d
        if (d > hi) hi = d
      }
    }
    this.dmin[ci]![i] = lo
    this.dmax[ci]![i] = hi
    const binned = this.binCommunity(i, [dist], cat.group, cat.permArea, cat.permPeople)
    cat.binsArea[i] = binned.area
    cat.binsPeople[i] = binned.people
    cat.median[i] = NaN
    cat.p90[i] = NaN
    if (!(this.communities[i]!.target[cat.group]! > 0)) return
    // Weighted quantiles of cell distances over 1 m bins (the exact method's tolerance).
    let total = 0
    let dLo = Infinity
    for (let k = start; k < end; k++) {
      total += w[k]!
      const d = dist[cell[k]!]!
      if (d < dLo) dLo = d
    }
    if (!(total > 0) || !(dLo <= NEAREST_MAX_M)) return
    const base = Math.floor(dLo)
    // Up to the community's farthest cell (hi): zeroing 5,000 bins per call cost the build more
    // than the quantiles themselves. The last bin holds the cells past NEAREST_MAX_M.
    const bins = (hi > NEAREST_MAX_M ? NEAREST_MAX_M : Math.floor(hi)) + 2 - base
    const hist = histogram(bins)
    for (let k = start; k < end; k++) {
      const d = dist[cell[k]!]!
      const b = d > NEAREST_MAX_M ? bins - 1 : Math.floor(d) - base
      hist[b]! += w[k]!
    }
    let cum = 0
    let b = 0
    for (const [q, out] of [
      [0.5, cat.median],
      [0.9, cat.p90],
    ] as const) {
      const need = q * total
      while (b < bins - 1 && cum + hist[b]! < need) cum += hist[b++]!
      if (b >= bins - 1) continue
      const within = hist[b]! > 0 ? (need - cum) / hist[b]! : 0
      out[i] = base + b + within
    }
  }

  /** Bins community i's cells by their farthest nearest facility (see jointArea). */
  private computeJoint(i: number): void {
    const dists = this.cats.map((c) => c.dist)
    const bins = this.binCommunity(
      i,
      dists,
      0,
      this.jointPermArea,
      this.jointPermPeople,
      JOINT_BIN_SPLIT,
    )
    this.jointArea[i] = bins.area
    this.jointPeople[i] = bins.people
  }

  /**
   * Community i's area cells and (with a population layer) its cells of people of `group` in
   * distance bins by the largest of `dists` (see binCells), into the two permutations.
   */
  private binCommunity(
    i: number,
    dists: readonly Float32Array[],
    group: number,
    permArea: Int32Array,
    permPeople: Int32Array | null,
    split = BIN_SPLIT,
  ): { area: DistanceBins; people: DistanceBins | null } {
    const width = (this.grid.cell * Math.SQRT2) / split
    const a = this.area
    const p = this.people
    return {
      area: binCells(a.start[i]!, a.start[i + 1]!, a.cell, a.weight[0]!, dists, width, permArea),
      people:
        p && permPeople
          ? binCells(
              p.start[i]!,
              p.start[i + 1]!,
              p.cell,
              p.weight[group]!,
              dists,
              width,
              permPeople,
            )
          : null,
    }
  }

  private computeCapacity(ci: number): void {
    const cat = this.cats[ci]!
    if (!cat.hasCapacity) {
      cat.access = null
      return
    }
    const field = cat.access ?? new TwoStepField(this.coarsePeople(cat.group))
    field.reset()
    // In y order: neighbours in turn touch the same rows of the coarse grid (sums are fixed
    // point, so the order does not change them).
    for (const j of cat.byY) this.capacityEdit(cat, field, j, 1)
    cat.access = field
  }

  private capacityEdit(cat: GridCategory, field: TwoStepField, j: number, sign: 1 | -1): void {
    if (cat.seeds.active[j] !== 1 && sign > 0) return
    const capacity = cat.capacity[j]!
    if (!(capacity > 0)) return
    const x = cat.seeds.x[j]!
    const y = cat.seeds.y[j]!
    const r = cat.setting.reach_m
    // A facility whose reach touches no community serves nobody (the exact method's D_j = 0).
    // Without this test a disc grazing a coarse cell's empty corner would get a tiny catchment
    // and hand its whole capacity to the few people it seems to reach.
    if (cat.inside[j] === 0 && !this.reachesCommunity(cat, j, r)) return
    field.update(j, x, y, capacity, r, sign)
  }

  /**
   * Whether facility j (outside every community) lies within r of one. The nearest community
   * found within some R (the search box's slack covers the plane's scale, as in nearSeeds) is
   * the nearest of all, so it answers every later reach; "none within R" answers those ≤ R.
   */
  private reachesCommunity(cat: GridCategory, j: number, r: number): boolean {
    const known = cat.gap[j]!
    if (known >= 0) return known <= r
    if (known < 0 && r <= -known) return false
    const x = cat.seeds.x[j]!
    const y = cat.seeds.y[j]!
    const m = r * 1.001
    let best = Infinity
    for (const i of this.communityIndex.search(x - m, y - m, x + m, y + m)) {
      best = Math.min(best, pointToCommunityDistance(this.communities[i]!.polys, x, y))
    }
    // (−0 would read as "0 m away": a zero reach leaves nothing known.)
    cat.gap[j] = best <= r ? best : r > 0 ? -r : NaN
    return best <= r
  }

  /** People of group g per coarse cell (built once per group, on first use). */
  private coarsePeople(g: number): CoarsePeople {
    const hit = this.coarse[g]
    if (hit) return hit
    const factor = this.coarseFactor
    const cw = Math.ceil(this.grid.width / factor)
    const ch = Math.ceil(this.grid.height / factor)
    const people = new Float64Array(cw * ch)
    const lists: CoarsePeople['lists'] = []
    const scratch = new Float64Array(cw * ch)
    const touched: number[] = []
    const { col } = this.cells
    for (let i = 0; i < this.communities.length; i++) {
      const { start, end, cell, w } = this.peopleOf(i, g)
      let total = 0
      for (let k = start; k < end; k++) total += w[k]!
      const target = this.communities[i]!.target[g]!
      touched.length = 0
      if (total > 0 && target > 0) {
        // Cells of a community are in row-major order, so the row only moves forward.
        let row = start < end ? this.rowOf(cell[start]!) : 0
        for (let k = start; k < end; k++) {
          const u = cell[k]!
          while (u >= this.cells.rowStart[row + 1]!) row++
          const cc = Math.floor(row / factor) * cw + Math.floor(col[u]! / factor)
          if (scratch[cc] === 0) touched.push(cc)
          scratch[cc]! += (target * w[k]!) / total
        }
      }
      touched.sort((a, b) => a - b)
      const pl = new Float64Array(touched.length)
      touched.forEach((cc, q) => {
        pl[q] = scratch[cc]!
        people[cc]! += scratch[cc]!
        scratch[cc] = 0
      })
      lists.push({ cell: Int32Array.from(touched), people: pl })
    }
    const out: CoarsePeople = {
      size: this.grid.cell * factor,
      ox: this.grid.ox,
      oy: this.grid.oy,
      width: cw,
      height: ch,
      people,
      prefix: rowPrefix(people, cw, ch),
      lists,
    }
    this.coarse[g] = out
    return out
  }

  private evaluate(i: number): CommunityResult {
    const c = this.communities[i]!
    const cats = this.cats
    const nc = cats.length
    const half = (this.grid.cell * Math.SQRT2) / 2
    // Per category: every cell of the community fully inside (1) or outside (−1) the reach, or
    // mixed (0); only mixed categories are looked at cell by cell.
    const state = this.state
    const mixed = this.mixed
    let nm = 0
    for (let ci = 0; ci < nc; ci++) {
      const r = cats[ci]!.setting.reach_m
      state[ci] = 0
      if (this.dmax[ci]![i]! <= r - half) state[ci] = 1
      else if (this.dmin[ci]![i]! >= r + half) state[ci] = -1
      else mixed[nm++] = ci
    }
    const a = this.area
    const p = this.people
    // The complete share is of people when the layer places some of the community's.
    const completeOfPeople = p !== null && this.evenPeople[0]![i] === 0
    const areaShares = this.shares(
      i,
      false,
      0,
      a.start[i]!,
      a.start[i + 1]!,
      a.cell,
      a.weight[0]!,
      nm,
      !completeOfPeople,
      this.areaOut,
    )
    const byGroup = this.byGroup
    byGroup.fill(null)
    const groupShares = (g: number): Float64Array => {
      let s = byGroup[g]
      if (!s) {
        s =
          !p || this.evenPeople[g]![i] === 1
            ? areaShares
            : this.shares(
                i,
                true,
                g,
                p.start[i]!,
                p.start[i + 1]!,
                p.cell,
                p.weight[g]!,
                nm,
                g === 0,
                this.peopleOut[g]!,
              )
        byGroup[g] = s
      }
      return s
    }
    const categories: Record<string, CategoryFigures> = {}
    for (let ci = 0; ci < nc; ci++) {
      const cat = cats[ci]!
      const people = c.target[cat.group]!
      const popShare = groupShares(cat.group)[ci]!
      const med = cat.median[i]!
      const p90 = cat.p90[i]!
      categories[cat.setting.code] = {
        area_share: areaShares[ci]!,
        population_share: people > 0 ? popShare : null,
        population_covered: people * popShare,
        facilities_in_reach: upperBound(cat.lists[i]!, cat.setting.reach_m),
        nearest_m_median: Number.isNaN(med) ? null : med,
        nearest_m_p90: Number.isNaN(p90) ? null : p90,
        capacity_per_1000: this.capacityFigure(cat, i),
        target_fallback: c.fallback[cat.group] === 1,
        target_population: people,
      }
    }
    return {
      id: c.id,
      name: c.name,
      population: c.population,
      area_m2: c.area,
      categories,
      complete_share: c.population > 0 ? (nc === 0 ? 1 : groupShares(0)[nc]!) : null,
    }
  }

  /**
   * Covered share of one community's weighted cell list (area fractions, or people of group `g`
   * when `people`) for each category (index ci; for people only the categories of group g) and,
   * when `complete`, for all categories at once (index nc), into `out`. The first `nm` of
   * `this.mixed` are the categories `this.state` leaves mixed. This is the re-threshold hot
   * path: settled categories cost nothing, the others only the cells of their distance bins
   * within half a cell diagonal of the reach (see distance-bins.ts).
   */
  private shares(
    i: number,
    people: boolean,
    g: number,
    start: number,
    end: number,
    cell: Int32Array,
    w: Float32Array,
    nm: number,
    complete: boolean,
    out: Float64Array,
  ): Float64Array {
    const state = this.state
    const mixed = this.mixed
    const nc = this.cats.length
    out.fill(0)
    let anyOut = false
    for (let ci = 0; ci < nc; ci++) if (state[ci] === -1) anyOut = true
    let tot = (people ? this.peopleTotal[g]! : this.areaTotal)[i]!
    if (Number.isNaN(tot)) {
      // Computed once per list: the lists never change, only distances do.
      tot = 0
      for (let k = start; k < end; k++) tot += w[k]!
      ;(people ? this.peopleTotal[g]! : this.areaTotal)[i] = tot
    }
    if (!(tot > 0)) return out
    for (let ci = 0; ci < nc; ci++) out[ci] = state[ci] === 1 ? 1 : 0
    if (nm === 0) {
      out[nc] = anyOut ? 0 : 1
      return out
    }
    const half = (this.grid.cell * Math.SQRT2) / 2
    let single = 0
    for (let m = 0; m < nm; m++) {
      const ci = mixed[m]!
      const cat = this.cats[ci]!
      if (people && cat.group !== g) continue
      // The bins' cumulative weights are of the category's own group (area, or people of g).
      const bins = people ? cat.binsPeople[i]! : cat.binsArea[i]!
      const perm = people ? cat.permPeople! : cat.permArea
      const r = cat.setting.reach_m
      this.bandOf(0, ci, r - half, r + half)
      const sum = this.bandSum(i, people, start, cell, w, bins, perm, r - half, r + half, 1)
      out[ci] = clamp01(sum / tot)
      if (nm === 1) single = sum
    }
    if (!complete || anyOut) return out
    let comp: number
    if (nm === 1 && (!people || g === this.cats[mixed[0]!]!.group)) comp = single
    else {
      // Cells whose farthest category is nearer than the smallest reach (less half a cell
      // diagonal) are covered by all; cells farther than the largest reach by not all.
      let rLo = Infinity
      let rHi = 0
      for (let m = 0; m < nm; m++) {
        const r = this.cats[mixed[m]!]!.setting.reach_m
        this.bandOf(m, mixed[m]!, r - half, r + half)
        rLo = Math.min(rLo, r)
      }
      for (const cat of this.cats) rHi = Math.max(rHi, cat.setting.reach_m)
      const bins = people ? this.jointPeople[i]! : this.jointArea[i]!
      const perm = people ? this.jointPermPeople! : this.jointPermArea
      comp = this.bandSum(i, people, start, cell, w, bins, perm, rLo - half, rHi + half, nm)
    }
    out[nc] = clamp01(comp / tot)
    return out
  }

  /** Sets band slot m to category ci, covered below `lo` and uncovered from `hi` (m). */
  private bandOf(m: number, ci: number, lo: number, hi: number): void {
    this.bandCis[m] = ci
    this.bandDist[m] = this.cats[ci]!.dist
    this.bandLo[m] = lo
    this.bandHi[m] = hi
  }

  /**
   * Σ weight × (fraction within reach of each of the first `n` band categories, see bandOf)
   * over one community's cells, from bins sorted by `bins` (a distance every cell's band
   * distances are at most): bins wholly below `lo` count whole, bins from `hi` on not at all,
   * the cells of the bins between one by one.
   */
  private bandSum(
    i: number,
    people: boolean,
    start: number,
    cell: Int32Array,
    w: Float32Array,
    bins: DistanceBins,
    perm: Int32Array,
    lo: number,
    hi: number,
    n: number,
  ): number {
    const nFinite = bins.off.length - 2
    const bLo = Math.min(Math.max(binOf(bins, lo), 0), nFinite)
    const bHi = Math.min(binOf(bins, hi), nFinite - 1)
    const to = start + (bHi >= 0 ? bins.off[bHi + 1]! : 0)
    const dists = this.bandDist
    const los = this.bandLo
    const his = this.bandHi
    const cis = this.bandCis
    const pc = this.partialCis
    let sum = bins.cum[bLo]!
    const from = start + bins.off[bLo]!
    const len = to - from
    if (len <= 0) return sum
    if (this.gatherW.length < len) this.gatherW = new Float32Array(2 * len)
    if (this.gatherD.length < len * n) this.gatherD = new Float32Array(2 * len * n)
    const gw = this.gatherW
    const gd = this.gatherD
    // Gather first: the loads are independent, so the CPU overlaps their cache misses, which
    // the branchy pass below would take one at a time.
    for (let q = 0; q < len; q++) gw[q] = w[perm[from + q]!]!
    for (let m = 0; m < n; m++) {
      const dist = dists[m]!
      const at = m * len
      for (let q = 0; q < len; q++) gd[at + q] = dist[cell[perm[from + q]!]!]!
    }
    for (let q = 0; q < len; q++) {
      let all = 1
      let np = 0
      let m = 0
      for (; m < n; m++) {
        const d = gd[m * len + q]!
        if (d <= los[m]!) continue
        if (d >= his[m]!) break
        pc[np++] = cis[m]!
        all *= this.partial(cis[m]!, 0, d)
      }
      // Beyond some category's reach: adds nothing.
      if (m < n) continue
      const wk = gw[q]!
      if (np > 0 && !people && wk < FULL_CELL) {
        const k = perm[from + q]!
        sum += this.boundaryCover(i, k, cell[k]!, pc, np)
      } else sum += wk * all
    }
    return sum
  }

  /**
   * Covered weight (fraction of the cell's area) of a community boundary cell: the area of
   * community ∩ cell ∩ (for each of the `n` categories `cis`, the union of its facilities'
   * reach discs), over the cell's area. A cell-centre estimate cannot tell which part of the
   * cell lies in the community: min(inside, covered) over-counted small communities by up to
   * 0.6 pp where a reach circle runs along their edge. Across one cell each disc is taken as the
   * half-plane bounded by its tangent nearest the cell centre (off by the arc's sagitta, under
   * 0.3 m for 25 m cells and 600 m reach), so the area is convex clips of the community's part
   * of the cell; it never drops for a longer reach or an added facility. Radii are scaled like
   * {@link sphereDistance}, so the cells agree with the distance field.
   */
  private boundaryCover(i: number, k: number, u: number, cis: Int32Array, n: number): number {
    const { cell } = this.grid
    const slot = this.slotFor(i, k, u)
    const cx = this.slotCx[slot]!
    const cy = this.slotCy[slot]!
    const half = (cell * Math.SQRT2) / 2
    const h = this.halfPlanes
    h.count = 0
    for (let g = 0; g < n; g++) {
      const cat = this.cats[cis[g]!]!
      const r = cat.setting.reach_m
      // Plane reach ≤ r·(1 + ρ²/4R²); 1e-3 is ample slack for any city-sized plane.
      const far = r * 1.001 + half
      const { x, y } = this.nearSeeds(cis[g]!, i, far)
      // The list is in y order: start at the first seed within `far` below the cell.
      let lo = 0
      let hi = y.length
      while (lo < hi) {
        const mid = (lo + hi) >>> 1
        if (y[mid]! < cy - far) lo = mid + 1
        else hi = mid
      }
      for (let j = lo; j < x.length; j++) {
        const sy = y[j]!
        if (sy > cy + far) break
        const sx = x[j]!
        const dx = cx - sx
        const dy = cy - sy
        const d2 = dx * dx + dy * dy
        if (d2 > far * far) continue
        const q = h.count
        if (q + 1 > h.c.length) {
          h.ux = grown(h.ux, q + 1)
          h.uy = grown(h.uy, q + 1)
          h.c = grown(h.c, q + 1)
          h.group = grown(h.group, q + 1)
        }
        const len = Math.sqrt(d2)
        const ux = len > 0 ? dx / len : 1
        const uy = len > 0 ? dy / len : 0
        const mx = (sx + cx) / 2
        const my = (sy + cy) / 2
        h.ux[q] = ux
        h.uy[q] = uy
        // u·(p − s) ≤ reach with p relative to the cell centre, which is `len` along u from s.
        h.c[q] = r * (1 + (mx * mx + my * my) * INV_4R2) - len
        h.group[q] = g
        h.count = q + 1
      }
    }
    let area = 0
    for (let q = this.slotRing[slot]!; q < this.slotRing[slot + 1]!; q++) {
      const from = this.ringStart[q]!
      const nv = this.ringStart[q + 1]! - from
      area += areaInHalfPlaneUnions(this.vx, this.vy, from, nv, this.ringAreas[q]!, h, n)
    }
    return Math.min(Math.max(area / (cell * cell), 0), 1)
  }

  /** Slot of boundary cell u (membership k of community i), made on first use. */
  private slotFor(i: number, k: number, u: number): number {
    const b =
      this.boundaryBefore[k >> 5]! + bitCount(this.boundaryBits[k >> 5]! & ~(-1 << (k & 31)))
    let slot = this.slotOf[b]!
    if (slot < 0) slot = this.slotOf[b] = this.boundaryCell(i, u)
    return slot
  }

  /** Stores the community's part of boundary cell u; returns its slot. */
  private boundaryCell(i: number, u: number): number {
    const { ox, oy, cell } = this.grid
    const row = this.rowOf(u)
    const x0 = ox + this.cells.col[u]! * cell
    const y0 = oy + row * cell
    const s = this.slots
    this.slotCx = grown(this.slotCx, s + 1)
    this.slotCy = grown(this.slotCy, s + 1)
    this.slotRing = grown(this.slotRing, s + 2)
    const cx = x0 + cell / 2
    const cy = y0 + cell / 2
    this.slotCx[s] = cx
    this.slotCy[s] = cy
    this.slotRing[s] = this.rings
    for (const p of this.communities[i]!.polys) {
      if (p.maxX <= x0 || p.minX >= x0 + cell || p.maxY <= y0 || p.minY >= y0 + cell) continue
      for (let r = 0; r + 1 < p.ringStart.length; r++) {
        const from = p.ringStart[r]!
        const nv = p.ringStart[r + 1]! - from
        const q = this.rings
        const at = this.ringStart[q]!
        this.vx = grown(this.vx, at + 6 * nv + 16)
        this.vy = grown(this.vy, at + 6 * nv + 16)
        // Cell-centred coordinates keep the clips well conditioned. A hole stays clockwise: its
        // (negative) areas, inside reach or not, subtract by themselves.
        const m = clipRingToBox(
          p.xs,
          p.ys,
          from,
          nv,
          x0,
          y0,
          x0 + cell,
          y0 + cell,
          this.vx,
          this.vy,
          at,
          cx,
          cy,
        )
        if (m < 3) continue
        this.ringStart = grown(this.ringStart, q + 2)
        this.ringAreas = grown(this.ringAreas, q + 1)
        this.ringStart[q + 1] = at + m
        this.ringAreas[q] = ringArea(this.vx, this.vy, at, m)
        this.rings = q + 1
      }
    }
    this.slotRing[s + 1] = this.rings
    this.slots = s + 1
    return s
  }

  /**
   * Active seeds of category ci within `far` of a cell of community i (in y order). A list
   * reaches a quarter farther than asked, so a smaller reach, or one a little larger, reuses it,
   * but never beyond `listCap` (plus two cells) of the community's bounding box: an edit drops
   * the lists of the communities within that of it (see afterEdit).
   */
  private nearSeeds(ci: number, i: number, far: number): NearSeeds {
    const cat = this.cats[ci]!
    const hit = cat.near[i]
    if (hit && hit.far >= far) return hit
    const [minX, minY, maxX, maxY] = polysBox(this.communities[i]!.polys)
    const cell = this.grid.cell
    // A cell's centre lies within one cell of the box: a second cell of margin is slack.
    const reach = Math.min(1.25 * far, cat.listCap * 1.001)
    const m = reach + 2 * cell
    const { x, y } = cat.seeds
    const byY = cat.byY
    let xs = this.nearX
    let ys = this.nearY
    let n = 0
    for (let q = lowerBoundY(byY, y, minY - m); q < byY.length; q++) {
      const j = byY[q]!
      const sy = y[j]!
      if (sy > maxY + m) break
      const sx = x[j]!
      if (sx >= minX - m && sx <= maxX + m) {
        if (n === xs.length) {
          xs = this.nearX = grown(xs, n + 1)
          ys = this.nearY = grown(ys, n + 1)
        }
        xs[n] = sx
        ys[n] = sy
        n++
      }
    }
    const near = { x: xs.slice(0, n), y: ys.slice(0, n), far: reach + cell }
    cat.near[i] = near
    return near
  }

  /**
   * Covered fraction of cell u at distance d (m) from its nearest facility of category ci. The
   * direction-averaged fraction keeps every share monotone in reach and in facilities.
   */
  private partial(ci: number, _u: number, d: number): number {
    return meanCoverFraction(this.cats[ci]!.setting.reach_m - d, this.grid.cell)
  }

  private capacityFigure(cat: GridCategory, i: number): number | null {
    if (!cat.access) return null
    return cat.access.figure(
      this.coarse[cat.group]!.lists[i]!,
      this.communities[i]!.target[cat.group]!,
    )
  }

  // --- public API ------------------------------------------------------------------------------

  result(): CoverageResult {
    return {
      settings: {
        ...this.settings,
        categories: this.cats.map((c) => ({ ...c.setting })),
        method: 'fast',
        cell_m: this.grid.cell as CoverageSettings['cell_m'],
        distance: 'great-circle, sphere R = 6371008.8 m',
        population_placement: this.placement,
      },
      method: 'fast',
      communities: this.results.slice(),
      city: cityTotals(
        this.results,
        this.cats.map((c) => c.setting.code),
      ),
      warnings: [...this.warnings],
    }
  }

  threshold(reachByCategory: Readonly<Record<string, number>>): CoverageResult {
    let changed = false
    this.cats.forEach((cat, ci) => {
      const r = reachByCategory[cat.setting.code]
      if (r === undefined || r === cat.setting.reach_m) return
      if (!(r >= 0) || !Number.isFinite(r))
        throw new RangeError(`reach for ${cat.setting.code} must be ≥ 0 m, got ${r}`)
      cat.setting.reach_m = r as CategorySetting['reach_m']
      if (r > cat.listCap) {
        cat.listCap = 2 * r
        this.computeLists(ci, null)
      }
      this.computeCapacity(ci)
      changed = true
    })
    if (changed)
      for (let i = 0; i < this.communities.length; i++) this.results[i] = this.evaluate(i)
    return this.result()
  }

  private findFacility(id: string): [number, number] {
    for (let ci = 0; ci < this.cats.length; ci++) {
      const j = this.cats[ci]!.idIndex.get(id)
      if (j !== undefined && this.cats[ci]!.seeds.active[j] === 1) return [ci, j]
    }
    throw new RangeError(`no counted facility with id ${id}`)
  }

  addFacility(facility: FacilityFeature): CoverageResult {
    const ci = this.cats.findIndex((c) => c.setting.code === facility.properties.category)
    const at = lngLatOf(facility)
    if (ci < 0 || !at || !countedStatus(facility, this.counted)) return this.result()
    const cat = this.cats[ci]!
    const id = String(facility.properties.id)
    const old = cat.idIndex.get(id)
    if (old !== undefined && cat.seeds.active[old] === 1)
      throw new RangeError(`facility ${id} already exists`)
    const c = facility.properties.capacity
    const j = this.appendSeed(cat, id, at, c)
    cat.byY = seedsByY(cat.seeds)
    const tiles = this.fieldAdd(ci, j)
    this.afterEdit(ci, [{ j, tiles, sign: 1 }])
    return this.result()
  }

  removeFacility(id: string): CoverageResult {
    const [ci, j] = this.findFacility(id)
    const cat = this.cats[ci]!
    cat.seeds.active[j] = 0
    cat.byY = seedsByY(cat.seeds)
    const tiles = this.fieldRemove(ci, j)
    this.afterEdit(ci, [{ j, tiles, sign: -1 }])
    return this.result()
  }

  moveFacility(id: string, to: LngLat): CoverageResult {
    const [ci, j] = this.findFacility(id)
    const cat = this.cats[ci]!
    const capacity = cat.capacity[j]
    cat.seeds.active[j] = 0
    cat.byY = seedsByY(cat.seeds)
    const gone = this.fieldRemove(ci, j)
    cat.idIndex.delete(id)
    const k = this.appendSeed(cat, id, [to[0], to[1]], capacity)
    cat.byY = seedsByY(cat.seeds)
    const tiles = this.fieldAdd(ci, k)
    // One refresh for both ends: communities near both are recomputed once.
    this.afterEdit(ci, [
      { j, tiles: gone, sign: -1 },
      { j: k, tiles, sign: 1 },
    ])
    return this.result()
  }

  /**
   * Refreshes the figures that changes of seeds (added: +1, removed: −1; the distance field
   * already updated, `tiles` the windows it touched) can affect.
   */
  private afterEdit(
    ci: number,
    edits: ReadonlyArray<{
      j: number
      tiles: [number, number, number, number] | null
      sign: 1 | -1
    }>,
  ): void {
    const cat = this.cats[ci]!
    const affected = new Set<number>()
    const nearAll = new Set<number>()
    // Communities with cells in the field's changed tiles: only their distances, and so their
    // bins and nearest quantiles, can have changed (two cells of slack for population cells
    // just outside a community's window).
    const changed = new Set<number>()
    const { ox, oy, cell } = this.grid
    for (const { j, tiles } of edits) {
      const x = cat.seeds.x[j]!
      const y = cat.seeds.y[j]!
      if (tiles) {
        const size = TILE * cell
        const pad = 2 * cell
        for (const i of this.communityIndex.search(
          ox + tiles[0] * size - pad,
          oy + tiles[2] * size - pad,
          ox + tiles[1] * size + pad,
          oy + tiles[3] * size + pad,
        )) {
          changed.add(i)
          affected.add(i)
        }
      }
      // Wide enough for the communities' candidate lists too (see nearSeeds).
      const around = Math.max(cat.listCap, cat.setting.reach_m) * 1.001 + 2 * cell
      for (const i of this.communityIndex.search(x - around, y - around, x + around, y + around)) {
        nearAll.add(i)
        affected.add(i)
      }
    }
    this.computeLists(ci, [...nearAll])
    let known = false
    for (let q = 0; q < cat.seeds.count && !known; q++) {
      known = cat.seeds.active[q] === 1 && !Number.isNaN(cat.capacity[q]!)
    }
    if (known !== cat.hasCapacity) {
      // The category gains its first or loses its last known capacity: every figure changes.
      cat.hasCapacity = known
      this.computeCapacity(ci)
      for (let i = 0; i < this.communities.length; i++) affected.add(i)
    } else if (cat.access) {
      for (const { j, sign } of edits) this.capacityEdit(cat, cat.access, j, sign)
    }
    for (const i of affected) {
      if (changed.has(i)) {
        this.computeNearest(ci, i)
        this.computeJoint(i)
      }
      this.results[i] = this.evaluate(i)
    }
  }

  gapMask(communityId: string, category: string): GapMask | null {
    const i = this.byId.get(communityId)
    const ci = this.cats.findIndex((c) => c.setting.code === category)
    if (i === undefined || ci < 0) return null
    const c = this.communities[i]!
    const cat = this.cats[ci]!
    const width = c.col1 - c.col0
    const height = c.row1 - c.row0
    const mask = new Uint8Array(Math.max(width * height, 0))
    const a = this.area
    const aw = a.weight[0]!
    const r = cat.setting.reach_m
    let row = this.rowOf(a.cell[a.start[i]!] ?? 0)
    for (let k = a.start[i]!; k < a.start[i + 1]!; k++) {
      const u = a.cell[k]!
      while (u >= this.cells.rowStart[row + 1]!) row++
      if (aw[k]! < 0.5 || cat.dist[u]! <= r) continue
      mask[(row - c.row0) * width + (this.cells.col[u]! - c.col0)] = 1
    }
    return { grid: this.grid, plane: this.plane, col0: c.col0, row0: c.row0, width, height, mask }
  }
}

/** A plane polygon moved from one stereographic plane to another, vertex by vertex. */
function reproject(
  p: PlanePolygon,
  from: StereographicPlane,
  to: StereographicPlane,
): PlanePolygon {
  const n = p.xs.length
  const xs = new Float64Array(n)
  const ys = new Float64Array(n)
  const xy = new Float64Array(2)
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  for (let i = 0; i < n; i++) {
    const [lon, lat] = unprojectStereographic(from, p.xs[i]!, p.ys[i]!)
    projectStereographic(to, lon, lat, xy, 0)
    xs[i] = xy[0]!
    ys[i] = xy[1]!
    minX = Math.min(minX, xs[i]!)
    minY = Math.min(minY, ys[i]!)
    maxX = Math.max(maxX, xs[i]!)
    maxY = Math.max(maxY, ys[i]!)
  }
  return { xs, ys, ringStart: p.ringStart, minX, minY, maxX, maxY }
}

let histBuf = new Float64Array(0)
function histogram(n: number): Float64Array {
  if (histBuf.length < n) histBuf = new Float64Array(n)
  histBuf.fill(0, 0, n)
  return histBuf
}

/** Set bits of a 32-bit integer. */
function bitCount(v: number): number {
  v = v - ((v >>> 1) & 0x55555555)
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333)
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x
}

/**
 * Builds the staged fast-coverage model of an input: projects everything into one stereographic
 * plane centred on the city, rasterises communities (exact area fractions per cell, default
 * 10 m cells; coarser, with a warning, when the city would need more than {@link maxCells}
 * cells) and the population layer, computes each category's exact nearest-facility distance
 * field (great-circle metres) and all figures at the input's reach. `editable: false` skips
 * what only facility edits need up front (a one-shot run); edits still work, the first is slower.
 * @example
 * const model = createGridModel(input)
 * model.threshold({ store: 800 }) // re-threshold only
 * model.addFacility(feature)      // updates only the cells and communities near it
 */
export function createGridModel(
  input: CoverageInput,
  options: { editable?: boolean } = {},
): GridModel {
  return new GridModelImpl(input, options.editable ?? true)
}
