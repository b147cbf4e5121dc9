import Flatbush from 'flatbush'
import type { MultiPolygon, Polygon } from 'geojson'
import {
  projectStereographic,
  stereographicPlane,
  unprojectStereographic,
  type StereographicPlane,
} from '../../geo/stereographic.ts'
import { polygonArea } from '../disc-union-area.ts'
import { planePolygon, type PlanePolygon } from '../plane-polygon.ts'
import { GROUPS, polygonRings, populationPieces } from '../population-pieces.ts'
import { targetPopulation } from '../target-population.ts'
import type { CoverageInput } from '../types.ts'
import { CoverageInputError } from '../validate-input.ts'
import type { GridCommunity, Memberships } from './grid-types.ts'
import type { SparseCells } from './nearest-seeds.ts'
import { rasterizePolygons, type GridSpec } from './rasterize.ts'

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
 * Most cells in the bounding box of one grid (its raster lookup takes 4 bytes a cell: 100 MB).
 * Cities fit easily: 50 km × 50 km at 10 m.
 */
export const MAX_GRID_CELLS = 25_000_000
/**
 * Coarsest cell a grid may take to fit communities spread far apart: beyond it the figures of
 * 1 km² communities would be off by several percentage points, so the input is refused.
 */
const MAX_SPREAD_CELL_M = 60

/**
 * Cells with less of their area inside the community are boundary cells: where a reach boundary
 * crosses one, its covered part is measured exactly (see boundary-cells.ts).
 */
export const FULL_CELL = 1 - 1e-6

/**
 * The first stage of a grid model: the city's plane, its grid, the cells that matter, and which
 * cells each community covers (area fractions) and, with a population layer, holds people of
 * each target group. Nothing here depends on facilities or reach.
 */
export interface GridRaster {
  readonly plane: StereographicPlane
  readonly grid: GridSpec
  readonly cells: SparseCells
  readonly communities: GridCommunity[]
  readonly byId: Map<string, number>
  /** Area cells of each community (weight: fraction of the cell inside it). */
  readonly area: Memberships
  /** People of each group per cell; null when people are spread evenly. */
  readonly people: Memberships | null
  /** Per group: communities where the population layer places nobody (spread evenly). */
  readonly evenPeople: Uint8Array[]
  readonly placement: 'even' | 'population-layer'
  /**
   * Which memberships are of community boundary cells (area weight under FULL_CELL), one bit
   * each, and how many are before each 32: membership k is the b-th boundary one, b =
   * boundaryBefore[k >> 5] + the bits of boundaryBits[k >> 5] below k's (two loads, no search).
   */
  readonly boundaryBits: Int32Array
  readonly boundaryBefore: Int32Array
  readonly boundaryCount: number
  /** Communities' grid windows (plane metres), for "which communities are near here". */
  readonly communityIndex: Flatbush
  readonly warnings: string[]
}

/** Grows `box` (west, south, east, north) by the outer rings of a (Multi)Polygon; returns it. */
export function lonLatBox(geometry: Polygon | MultiPolygon, box: number[]): number[] {
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

/**
 * Projects and rasterises an input's communities (exact area fractions per cell, default 10 m
 * cells, coarser with a warning when more than {@link maxCells} would be needed) and its
 * population layer into one stereographic plane centred on the city.
 * @example const raster = rasterizeCity(input)
 */
export function rasterizeCity(input: CoverageInput): GridRaster {
  const warnings: string[] = []
  // One plane for the whole city, centred on its bounding box (see sphereDistance for why
  // distances stay within 1e-6 of great-circle ones).
  const box = [Infinity, Infinity, -Infinity, -Infinity]
  for (const f of input.communities) lonLatBox(f.geometry, box)
  let [west, south, east, north] = box as [number, number, number, number]
  if (!(east >= west)) {
    west = east = 0
    south = north = 0
  }
  const plane = stereographicPlane((west + east) / 2, (south + north) / 2)
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  let totalArea = 0
  const byId = new Map<string, number>()
  const communities: GridCommunity[] = input.communities.map((f, i) => {
    const polys: PlanePolygon[] = []
    let area = 0
    for (const rings of polygonRings(f.geometry)) {
      const p = planePolygon(plane, rings)
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
    byId.set(id, i)
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
    warnings.push(
      `fast method: ${cell} m cells would need ${Math.round(needed / 1e6)} M cells; using ${coarser} m cells (area-weighted) to stay within memory`,
    )
    cell = coarser
  }
  // The grid spans the communities' bounding box (a dense lookup of 4 bytes a cell while
  // rasterising): communities far apart would take gigabytes of empty cells. Coarser cells keep
  // it within MAX_GRID_CELLS; where that would blur the figures, the input is refused
  // (computeCoverageFast tiles such inputs by groups of communities instead).
  const spanCells = ((maxX - minX) * (maxY - minY)) / (cell * cell)
  if (spanCells > MAX_GRID_CELLS) {
    const spread = Math.ceil(Math.sqrt(((maxX - minX) * (maxY - minY)) / MAX_GRID_CELLS) * 2) / 2
    const km = (v: number) => (v / 1000).toFixed(0)
    if (spread > MAX_SPREAD_CELL_M) {
      throw new CoverageInputError([
        `the communities spread over ${km(maxX - minX)} km × ${km(maxY - minY)} km: one grid would need ${spread} m cells; compute them with the exact method, or in separate runs per city`,
      ])
    }
    warnings.push(
      `fast method: the communities spread over ${km(maxX - minX)} km × ${km(maxY - minY)} km; using ${spread} m cells (area-weighted) to stay within memory`,
    )
    cell = Math.max(cell, spread)
  }
  const ox = Math.floor(minX / cell) * cell
  const oy = Math.floor(minY / cell) * cell
  const width = Math.max(1, Math.ceil((maxX - ox) / cell))
  const height = Math.max(1, Math.ceil((maxY - oy) / cell))
  const grid: GridSpec = { ox, oy, cell, width, height }

  // Rasterise communities (exact area fractions), then number the distinct cells row-major.
  const rasters = communities.map((c) => {
    const r = rasterizePolygons(c.polys, grid)
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
    for (let col = 0; col < width; col++) if (lookup[base + col] === 0) lookup[base + col] = m++ + 1
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
  const cells: SparseCells = { grid, col: colOf, rowStart }
  let k = 0
  for (const r of rasters) k += r.index.length
  const start = new Int32Array(communities.length + 1)
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
  const area: Memberships = { start, cell: memCell, weight: [memArea] }
  const boundaryBits = new Int32Array((k >> 5) + 1)
  const boundaryBefore = new Int32Array((k >> 5) + 1)
  let nb = 0
  for (let q = 0; q < k; q++) {
    if ((q & 31) === 0) boundaryBefore[q >> 5] = nb
    if (memArea[q]! < FULL_CELL) {
      boundaryBits[q >> 5]! |= 1 << (q & 31)
      nb++
    }
  }

  const communityIndex = new Flatbush(Math.max(communities.length, 1))
  for (const c of communities) {
    communityIndex.add(
      ox + c.col0 * cell,
      oy + c.row0 * cell,
      ox + c.col1 * cell,
      oy + c.row1 * cell,
    )
  }
  if (communities.length === 0) communityIndex.add(0, 0, 0, 0)
  communityIndex.finish()

  // Population layer: people of each block piece inside a community, spread over the piece's
  // cells by exact area fraction (pieces are cut by the community, as in the exact method).
  const blocks = input.population ?? []
  const evenPeople = GROUPS.map(() => new Uint8Array(communities.length).fill(1))
  const people =
    blocks.length > 0
      ? rasterizePeople(input, blocks, lookup, plane, grid, communities, evenPeople, warnings)
      : null
  return {
    plane,
    grid,
    cells,
    communities,
    byId,
    area,
    people,
    evenPeople,
    placement: blocks.length > 0 ? 'population-layer' : 'even',
    boundaryBits,
    boundaryBefore,
    boundaryCount: nb,
    communityIndex,
    warnings,
  }
}

function rasterizePeople(
  input: CoverageInput,
  blocks: NonNullable<CoverageInput['population']>,
  lookup: Int32Array,
  plane: StereographicPlane,
  grid: GridSpec,
  communities: GridCommunity[],
  evenPeople: Uint8Array[],
  warnings: string[],
): Memberships {
  const blockIndex = new Flatbush(blocks.length)
  for (const b of blocks) {
    const [w, s, e, n] = lonLatBox(b.geometry, [Infinity, Infinity, -Infinity, -Infinity])
    blockIndex.add(w!, s!, e!, n!)
  }
  blockIndex.finish()
  const start = new Int32Array(communities.length + 1)
  const cells: number[] = []
  const weights: number[][] = GROUPS.map(() => [])
  let unplaced = 0
  const acc = new Map<number, Float64Array>()
  communities.forEach((_, i) => {
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
      polys: piece.polys.map((p) => reproject(p, own, plane)),
    }))
    acc.clear()
    const totals = new Float64Array(GROUPS.length)
    for (const piece of pieces) {
      const r = rasterizePolygons(piece.polys, grid)
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
    for (let g = 0; g < GROUPS.length; g++) evenPeople[g]![i] = totals[g]! > 0 ? 0 : 1
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
    warnings.push(
      `${unplaced} communities have no people in the population layer; they are spread evenly`,
    )
  }
  return {
    start,
    cell: Int32Array.from(cells),
    weight: weights.map((w) => Float32Array.from(w)),
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

/** Row of cell u (binary search over rowStart). */
export function rowOf(cells: SparseCells, u: number): number {
  const rs = cells.rowStart
  let lo = 0
  let hi = rs.length - 2
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1
    if (rs[mid]! <= u) lo = mid
    else hi = mid - 1
  }
  return lo
}

/** People of group g in each cell of community i, as weights (even spread: area fractions). */
export function peopleOf(
  raster: GridRaster,
  i: number,
  g: number,
): { start: number; end: number; cell: Int32Array; w: Float32Array } {
  const { people, area } = raster
  if (people && raster.evenPeople[g]![i] === 0) {
    return {
      start: people.start[i]!,
      end: people.start[i + 1]!,
      cell: people.cell,
      w: people.weight[g]!,
    }
  }
  return {
    start: area.start[i]!,
    end: area.start[i + 1]!,
    cell: area.cell,
    w: area.weight[0]!,
  }
}
