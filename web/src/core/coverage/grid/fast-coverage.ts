import { EARTH_RADIUS_M } from '../../geo/units.ts'
import { cityTotals } from '../city-totals.ts'
import { createGridModel, DEFAULT_CELL_M, maxCells } from './grid-model.ts'
import { MAX_GRID_CELLS } from './people-raster.ts'
import { polygonRings } from '../population-pieces.ts'
import { targetPopulation } from '../target-population.ts'
import type { CommunityResult, CoverageInput, CoverageResult } from '../types.ts'

/**
 * The coarsest cell that keeps the fast method within 0.5 percentage points of the exact one on
 * ~1 km² communities (measured: 0.16–0.26 pp worst at 23 m, 0.6–1.0 pp at 50 m).
 */
export const ACCURATE_CELL_M = 25
/** Nearest-distance quantiles look this far (m): a tile needs the facilities that far out. */
const NEAREST_MAX_M = 5000
const DEG = Math.PI / 180

interface Box {
  west: number
  south: number
  east: number
  north: number
}

function boxOf(geometry: CoverageInput['communities'][number]['geometry']): Box {
  const b: Box = { west: Infinity, south: Infinity, east: -Infinity, north: -Infinity }
  for (const poly of polygonRings(geometry)) {
    for (const p of poly[0] ?? []) {
      b.west = Math.min(b.west, p[0]!)
      b.east = Math.max(b.east, p[0]!)
      b.south = Math.min(b.south, p[1]!)
      b.north = Math.max(b.north, p[1]!)
    }
  }
  return b
}

/**
 * Groups of community indices in compact tiles (recursive halving along the longer side), at
 * least `count`, and more where a tile's communities spread wider than `maxSpan` (their boxes'
 * bounding box, m²): a tile is one grid over that box.
 */
function tiles(
  centres: Array<[number, number]>,
  spans: Array<[number, number, number, number]>,
  indices: number[],
  count: number,
  maxSpan: number,
): number[][] {
  if (indices.length <= 1) return [indices]
  if (count <= 1) {
    let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity]
    for (const i of indices) {
      const b = spans[i]!
      w = Math.min(w, b[0])
      s = Math.min(s, b[1])
      e = Math.max(e, b[2])
      n = Math.max(n, b[3])
    }
    if ((e - w) * (n - s) <= maxSpan) return [indices]
    count = 2
  }
  let minX = Infinity
  let maxX = -Infinity
  let minY = Infinity
  let maxY = -Infinity
  for (const i of indices) {
    const [x, y] = centres[i]!
    minX = Math.min(minX, x)
    maxX = Math.max(maxX, x)
    minY = Math.min(minY, y)
    maxY = Math.max(maxY, y)
  }
  const axis = maxX - minX >= maxY - minY ? 0 : 1
  const sorted = indices.slice().sort((a, b) => centres[a]![axis]! - centres[b]![axis]! || a - b)
  const left = Math.floor(count / 2)
  const cut = Math.round((sorted.length * left) / count)
  return [
    ...tiles(centres, spans, sorted.slice(0, cut), left, maxSpan),
    ...tiles(centres, spans, sorted.slice(cut), count - left, maxSpan),
  ]
}

/**
 * Coverage by the fast (grid) method: communities and the population layer rasterised with
 * exact per-cell area fractions (10 m cells by default, `settings.cell_m`), an exact
 * nearest-facility distance field per category (great-circle metres), reach boundaries resolved
 * inside each cell. Same result object as the exact method, `method: 'fast'`.
 *
 * A city too big for one model at {@link ACCURATE_CELL_M} within the memory budget is done in
 * tiles, one model at a time: each tile's communities plus a halo of neighbours within twice the
 * longest reach (so every facility near the tile sees all the people it serves, for 2SFCA) and
 * the facilities within 5 km (for nearest distances); only the tile's own communities are kept.
 * `options.maxCells` overrides the cell budget that decides on tiling (tests use it to force tiles).
 * For repeated re-thresholding or what-if edits on one model use {@link createGridModel}.
 * @example computeCoverageFast({ communities, facilities, settings: { categories, method: 'fast' } })
 */
export function computeCoverageFast(
  input: CoverageInput,
  options: { maxCells?: number } = {},
): CoverageResult {
  const cell = input.settings.cell_m ?? DEFAULT_CELL_M
  const boxes = input.communities.map((c) => boxOf(c.geometry))
  let lat = 0
  for (const b of boxes) lat += (b.south + b.north) / 2
  lat = boxes.length > 0 ? lat / boxes.length : 0
  const mPerDegLat = EARTH_RADIUS_M * DEG
  const mPerDegLon = mPerDegLat * Math.cos(lat * DEG)
  // Bounding-box area over-estimates a community's area; good enough to decide on tiling.
  let area = 0
  for (const b of boxes) area += (b.east - b.west) * mPerDegLon * (b.north - b.south) * mPerDegLat
  const most = options.maxCells ?? maxCells(input.settings.categories.length)
  const atAccurate = area / Math.max(cell, ACCURATE_CELL_M) ** 2
  // One grid spans the communities' bounding box: communities far apart (two towns 270 km
  // apart) are done in tiles of neighbours, each grid over its own tile.
  const spans = boxes.map((b): [number, number, number, number] => [
    b.west * mPerDegLon,
    b.south * mPerDegLat,
    b.east * mPerDegLon,
    b.north * mPerDegLat,
  ])
  let [sw, ss, se, sn] = [Infinity, Infinity, -Infinity, -Infinity]
  for (const b of spans) {
    sw = Math.min(sw, b[0])
    ss = Math.min(ss, b[1])
    se = Math.max(se, b[2])
    sn = Math.max(sn, b[3])
  }
  // A tile's box, halos included, within the grid's cell limit at the cells it would use.
  const used = Math.max(cell, Math.sqrt((area * 1.05) / most))
  const maxSpan = (MAX_GRID_CELLS * used * used) / 4
  if (atAccurate <= most && (se - sw) * (sn - ss) <= maxSpan)
    return createGridModel(input, { editable: false }).result()

  let reach = 0
  for (const s of input.settings.categories) reach = Math.max(reach, s.reach_m)
  // Halos add about 40% to a tile's area.
  const count = atAccurate <= most ? 1 : Math.ceil((atAccurate * 1.4) / most)
  const centres = boxes.map((b): [number, number] => [
    ((b.west + b.east) / 2) * mPerDegLon,
    ((b.south + b.north) / 2) * mPerDegLat,
  ])
  const groups = tiles(
    centres,
    spans,
    input.communities.map((_, i) => i),
    count,
    maxSpan,
  )
  const results: Array<CommunityResult | null> = input.communities.map(() => null)
  const warnings = new Set<string>()
  let first: CoverageResult | null = null
  let coarsest = 0
  for (const group of groups) {
    const core: Box = { west: Infinity, south: Infinity, east: -Infinity, north: -Infinity }
    for (const i of group) {
      const b = boxes[i]!
      core.west = Math.min(core.west, b.west)
      core.east = Math.max(core.east, b.east)
      core.south = Math.min(core.south, b.south)
      core.north = Math.max(core.north, b.north)
    }
    const grow = (m: number): Box => ({
      west: core.west - m / mPerDegLon,
      east: core.east + m / mPerDegLon,
      south: core.south - m / mPerDegLat,
      north: core.north + m / mPerDegLat,
    })
    const overlaps = (a: Box, b: Box): boolean =>
      a.west <= b.east && a.east >= b.west && a.south <= b.north && a.north >= b.south
    const halo = grow(2 * reach + ACCURATE_CELL_M)
    const own = new Set(group)
    const members = group.slice()
    boxes.forEach((b, i) => {
      if (!own.has(i) && overlaps(b, halo)) members.push(i)
    })
    const far = grow(Math.max(NEAREST_MAX_M, 2 * reach) + ACCURATE_CELL_M)
    const facilities = input.facilities.filter((f) => {
      const [x, y] = f.geometry.coordinates as [number, number]
      return x >= far.west && x <= far.east && y >= far.south && y <= far.north
    })
    const population = input.population?.filter((p) => overlaps(boxOf(p.geometry), halo))
    const part = createGridModel(
      {
        ...input,
        communities: members.map((i) => input.communities[i]!),
        facilities,
        ...(population ? { population } : {}),
      },
      { editable: false },
    ).result()
    group.forEach((i, k) => {
      results[i] = part.communities[k]!
    })
    // Count-bearing warnings of a tile would count its halo too: those are redone city-wide.
    for (const w of part.warnings) {
      if (
        !w.startsWith('fast method:') &&
        !w.includes('communities lack a') &&
        !w.includes('facilities')
      ) {
        warnings.add(w)
      }
    }
    coarsest = Math.max(coarsest, part.settings.cell_m ?? cell)
    first ??= part
  }
  const communities = results as CommunityResult[]
  for (const w of createGridModel({ ...input, communities: [], population: [] }).result()
    .warnings) {
    warnings.add(w)
  }
  for (const setting of input.settings.categories) {
    const fell = input.communities.filter(
      (c) => targetPopulation(c.properties, setting.target_group).fallback,
    ).length
    if (fell > 0) {
      warnings.add(
        `${setting.code}: ${fell} communities lack a ${setting.target_group} population; total population used`,
      )
    }
  }
  warnings.add(
    `fast method: done in ${groups.length} tiles (one model at a time, to stay within memory) with cells of up to ${coarsest} m`,
  )
  return {
    ...first!,
    settings: { ...first!.settings, cell_m: coarsest as CoverageResult['settings']['cell_m'] },
    communities,
    city: cityTotals(
      communities,
      input.settings.categories.map((c) => c.code),
    ),
    warnings: [...warnings],
  }
}
