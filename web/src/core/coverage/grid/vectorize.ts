import type { Feature, MultiPolygon, Position } from 'geojson'
import { unprojectStereographic } from '../../geo/stereographic.ts'
import type { GapMask, GridModel } from './grid-model.ts'

/**
 * Where two cells of a ring touch only at a corner, the ring passes that corner twice; moving
 * each pass this fraction of a cell into its own cell keeps the ring simple (OGC-valid) while
 * changing the area by only ε²/2 cells per such corner.
 */
const CHAMFER = 0.05

// Direction codes of unit edges: +x, +y, −x, −y.
const DX = [1, 0, -1, 0] as const
const DY = [0, 1, 0, -1] as const

interface Ring {
  /** Lattice vertices (padded window units), closed implicitly. */
  xs: number[]
  ys: number[]
  /** Signed area in cells (counter-clockwise > 0). */
  area: number
}

/**
 * Outline of the set cells of a binary mask as simple rings: outer rings counter-clockwise,
 * holes clockwise, collinear steps merged, corners where two cells meet diagonally chamfered so
 * no ring touches itself or another. Coordinates are in cells, (0, 0) = the mask's lower-left.
 * @example traceMask(Uint8Array.of(1, 1, 0, 1), 2, 2) // one L-shaped ring
 */
export function traceMask(mask: Uint8Array, width: number, height: number): Ring[] {
  // Pad by one empty cell so every boundary edge has an empty side inside the array.
  const W = width + 2
  const H = height + 2
  const filled = (c: number, r: number): boolean =>
    c >= 1 && r >= 1 && c <= width && r <= height && mask[(r - 1) * width + (c - 1)] === 1
  const VW = W + 1
  // Up to two outgoing edges per lattice vertex: direction code, or −1.
  const outA = new Int8Array(VW * (H + 1)).fill(-1)
  const outB = new Int8Array(VW * (H + 1)).fill(-1)
  const used = new Uint8Array(VW * (H + 1))
  const addEdge = (x: number, y: number, dir: number): void => {
    const v = y * VW + x
    if (outA[v] === -1) outA[v] = dir
    else outB[v] = dir
  }
  for (let r = 1; r <= height; r++) {
    for (let c = 1; c <= width; c++) {
      if (!filled(c, r)) continue
      // The filled cell is always on the left of its boundary edges.
      if (!filled(c, r - 1)) addEdge(c, r, 0)
      if (!filled(c + 1, r)) addEdge(c + 1, r, 1)
      if (!filled(c, r + 1)) addEdge(c + 1, r + 1, 2)
      if (!filled(c - 1, r)) addEdge(c, r + 1, 3)
    }
  }
  const rings: Ring[] = []
  // At a saddle (two outgoing edges) turn left, which keeps diagonal neighbours apart.
  const pick = (v: number, incoming: number): 1 | 2 =>
    outB[v]! >= 0 && outB[v] === (incoming + 1) % 4 ? 2 : 1
  for (let v0 = 0; v0 < outA.length; v0++) {
    for (const which of [1, 2] as const) {
      const d0 = which === 1 ? outA[v0]! : outB[v0]!
      if (d0 < 0 || (used[v0]! & which) !== 0) continue
      const px: number[] = []
      const py: number[] = []
      const saddle: boolean[] = []
      let v = v0
      let w: 1 | 2 = which
      let dir = d0
      let prevDir = -1
      for (;;) {
        used[v]! |= w
        const x = v % VW
        const y = (v - x) / VW
        if (dir !== prevDir) {
          px.push(x)
          py.push(y)
          saddle.push(outB[v]! >= 0)
        }
        prevDir = dir
        v = (y + DY[dir]!) * VW + x + DX[dir]!
        w = pick(v, prevDir)
        if (v === v0 && w === which) break
        dir = w === 1 ? outA[v]! : outB[v]!
      }
      // The start vertex is no corner when the ring comes back going its first way.
      if (prevDir === d0 && px.length > 1) {
        px.shift()
        py.shift()
        saddle.shift()
      }
      rings.push(chamfer(px, py, saddle))
    }
  }
  return rings
}

/** Shoelace area of a ring, in its units squared (counter-clockwise > 0). */
function signedArea(xs: readonly number[], ys: readonly number[]): number {
  let a = 0
  for (let i = 0, j = xs.length - 1; i < xs.length; j = i++) a += xs[j]! * ys[i]! - xs[i]! * ys[j]!
  return a / 2
}

function chamfer(px: number[], py: number[], saddle: boolean[]): Ring {
  const xs: number[] = []
  const ys: number[] = []
  const n = px.length
  for (let i = 0; i < n; i++) {
    const x = px[i]!
    const y = py[i]!
    if (!saddle[i]) {
      xs.push(x)
      ys.push(y)
      continue
    }
    const p = (i + n - 1) % n
    const q = (i + 1) % n
    const inX = Math.sign(x - px[p]!)
    const inY = Math.sign(y - py[p]!)
    const outX = Math.sign(px[q]! - x)
    const outY = Math.sign(py[q]! - y)
    xs.push(x - CHAMFER * inX, x + CHAMFER * outX)
    ys.push(y - CHAMFER * inY, y + CHAMFER * outY)
  }
  return { xs, ys, area: signedArea(xs, ys) }
}

function pointInRing(ring: Ring, x: number, y: number): boolean {
  const { xs, ys } = ring
  let inside = false
  for (let i = 0, j = xs.length - 1; i < xs.length; j = i++) {
    const yi = ys[i]!
    const yj = ys[j]!
    if (yi > y !== yj > y) {
      const xi = xs[i]!
      if (x < ((xs[j]! - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside
    }
  }
  return inside
}

/**
 * Polygons (outer ring + holes, in cells) from traced rings: each hole goes to the smallest
 * outer ring around it; polygons under `minCells` (net of holes) are dropped.
 * @example assembleRings(traceMask(mask, width, height), 1)
 */
export function assembleRings(rings: readonly Ring[], minCells: number): Ring[][] {
  const outers = rings.filter((r) => r.area > 0).sort((a, b) => a.area - b.area)
  const polys: Ring[][] = outers.map((o) => [o])
  for (const hole of rings) {
    if (hole.area >= 0) continue
    // A lattice vertex of a hole is strictly inside its outer ring (shared corners are chamfered),
    // but may sit on the hole's own chamfer: probe the middle of the hole's first edge instead.
    const mx = (hole.xs[0]! + hole.xs[1]!) / 2
    const my = (hole.ys[0]! + hole.ys[1]!) / 2
    const k = outers.findIndex((o) => pointInRing(o, mx, my))
    if (k >= 0) polys[k]!.push(hole)
  }
  return polys.filter((p) => p.reduce((s, r) => s + r.area, 0) >= minCells)
}

/**
 * The uncovered part of one community for one category, from a grid model: the community's
 * cells (at least half inside it) farther than the reach from every counted facility, outlined
 * into valid polygons (see {@link traceMask}) and returned in WGS-84. Pieces smaller than
 * `minGapAreaM2` (default: the model's settings.min_gap_area_m2, else 100 m²) are dropped. Edges follow cell sides, so the outline is a
 * staircase at the cell size (10 m by default).
 * @returns a MultiPolygon feature (empty coordinates when fully covered), null for an unknown
 *   community or category; properties give the gap's area in m² (cells, before dropping).
 * @example gapsFromGrid(createGridModel(input), 'C0001', 'canteen')
 */
export function gapsFromGrid(
  model: GridModel,
  communityId: string,
  category: string,
  minGapAreaM2 = model.minGapAreaM2,
): Feature<MultiPolygon, { community: string; category: string; area_m2: number }> | null {
  const gap: GapMask | null = model.gapMask(communityId, category)
  if (!gap) return null
  const { grid, plane } = gap
  const h = grid.cell
  const rings = traceMask(gap.mask, gap.width, gap.height)
  const polys = assembleRings(rings, minGapAreaM2 / (h * h))
  // Padded cell (1, 1) is the mask's (0, 0) = grid cell (col0, row0).
  const x0 = grid.ox + (gap.col0 - 1) * h
  const y0 = grid.oy + (gap.row0 - 1) * h
  let area = 0
  const coordinates: Position[][][] = polys.map((poly) =>
    poly.map((ring) => {
      area += ring.area * h * h
      const out: Position[] = ring.xs.map((x, i) =>
        unprojectStereographic(plane, x0 + x * h, y0 + ring.ys[i]! * h),
      )
      out.push(out[0]!)
      return out
    }),
  )
  return {
    type: 'Feature',
    geometry: { type: 'MultiPolygon', coordinates },
    properties: { community: communityId, category, area_m2: area },
  }
}
