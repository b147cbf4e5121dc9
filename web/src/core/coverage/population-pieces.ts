import { featureCollection, intersect } from '@turf/turf'
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson'
import polygonClipping from 'polygon-clipping'
import type { StereographicPlane } from '../geo/stereographic.ts'
import { polygonArea } from './disc-union-area.ts'
import { planePolygon, planePolygonWithin, type PlanePolygon } from './plane-polygon.ts'
import { targetPopulation } from './target-population.ts'
import type { PopulationFeature, TargetGroup } from './types.ts'

/** Target groups in the order of {@link PopulationPiece.weight}. */
export const GROUPS: readonly TargetGroup[] = ['all', 'elderly', 'infants']

/**
 * The part of one population block inside one community, in the community's plane, with the
 * people of each target group living there (people even within a block).
 */
export interface PopulationPiece {
  polys: PlanePolygon[]
  area: number
  /** People of GROUPS[g] in this piece. */
  weight: Float64Array
}

/** Polygon rings of a Polygon or MultiPolygon geometry, 3-D positions allowed. */
export function polygonRings(geometry: Polygon | MultiPolygon): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates
}

/**
 * The part of a block inside a community, or null when they do not overlap. polygon-clipping
 * (plain floating point) is several times faster than Turf's `intersect` (polyclip-ts, with
 * arbitrary-precision numbers) and agrees with it on areas to 1e-9 (population-pieces.test.ts);
 * on the rare input it cannot handle, Turf's robust one is used.
 */
export function intersectAreas(
  community: Feature<Polygon | MultiPolygon>,
  block: Feature<Polygon | MultiPolygon>,
): MultiPolygon | Polygon | null {
  try {
    const cut = polygonClipping.intersection(
      community.geometry.coordinates as polygonClipping.Geom,
      block.geometry.coordinates as polygonClipping.Geom,
    )
    return cut.length > 0 ? { type: 'MultiPolygon', coordinates: cut } : null
  } catch {
    return intersect(featureCollection([community, block]))?.geometry ?? null
  }
}

function projectAll(plane: StereographicPlane, geometry: Polygon | MultiPolygon): PlanePolygon[] {
  const out: PlanePolygon[] = []
  for (const rings of polygonRings(geometry)) {
    const p = planePolygon(plane, rings)
    if (p) out.push(p)
  }
  return out
}

/**
 * Cuts population blocks by a community. Blocks that lie wholly inside the community (see
 * {@link planePolygonWithin}: vertices inside, no boundary crossing, no hole inside) are taken whole (census blocks nest in their community, so this is the common case and needs no
 * clipping); others are clipped (`intersectAreas`), which is off the hot path: it runs once
 * per input, not per reach.
 * @example populationPieces(plane, communityPolys, community, blocks)
 */
export function populationPieces(
  plane: StereographicPlane,
  communityPolys: PlanePolygon[],
  community: Feature<Polygon | MultiPolygon>,
  blocks: PopulationFeature[],
  correct = true,
): PopulationPiece[] {
  const pieces: PopulationPiece[] = []
  for (const block of blocks) {
    const whole = projectAll(plane, block.geometry)
    let blockArea = 0
    for (const p of whole) blockArea += polygonArea(p, correct)
    if (!(blockArea > 0)) continue
    const inside = whole.every((p) => planePolygonWithin(p, communityPolys))
    let polys = whole
    let area = blockArea
    if (!inside) {
      const cut = intersectAreas(community, block)
      if (!cut) continue
      polys = projectAll(plane, cut)
      area = 0
      for (const p of polys) area += polygonArea(p, correct)
      if (!(area > blockArea * 1e-9)) continue
    }
    const weight = new Float64Array(GROUPS.length)
    const part = inside ? 1 : area / blockArea
    GROUPS.forEach((g, k) => {
      weight[k] = targetPopulation(block.properties, g).value * part
    })
    pieces.push({ polys, area, weight })
  }
  return pieces
}
