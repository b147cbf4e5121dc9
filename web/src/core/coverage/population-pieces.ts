import { featureCollection, intersect } from '@turf/turf'
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson'
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
 * clipping); others are clipped with Turf `intersect`, which is off the hot path: it runs once
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
      const cut = intersect(featureCollection([community, block]))
      if (!cut) continue
      polys = projectAll(plane, cut.geometry)
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
