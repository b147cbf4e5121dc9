import { booleanPointInPolygon } from '@turf/turf'
import Flatbush from 'flatbush'
import type { MultiPolygon, Polygon } from 'geojson'
import { polygonalBbox } from '../geo/bbox.ts'
import type { LngLat } from '../geo/units.ts'

/** What the locator needs of a community. */
export interface LocatableCommunity {
  id: string
  name: string
  geometry: Polygon | MultiPolygon
}

/** Finds the community a point lies in. */
export interface CommunityLocator<C extends LocatableCommunity> {
  /**
   * The community whose polygon holds the point (its boundary included), or null. Where
   * polygons overlap, the first in input order wins.
   */
  locate(point: LngLat): C | null
}

/**
 * Indexes community polygons by their bounding boxes (a packed R-tree), then tests the few
 * whose box holds the point exactly (point in polygon, holes respected).
 * @example createCommunityLocator(communities).locate([121.43, 31.04])?.name // '吉祥社区'
 */
export function createCommunityLocator<C extends LocatableCommunity>(
  communities: readonly C[],
): CommunityLocator<C> {
  if (communities.length === 0) return { locate: () => null }
  const tree = new Flatbush(communities.length)
  for (const c of communities) {
    const [w, s, e, n] = polygonalBbox(c.geometry)
    tree.add(w, s, e, n)
  }
  tree.finish()
  return {
    locate(point) {
      const hits = tree.search(point[0], point[1], point[0], point[1]).sort((a, b) => a - b)
      for (const i of hits) {
        const c = communities[i]!
        if (booleanPointInPolygon([point[0], point[1]], c.geometry)) return c
      }
      return null
    },
  }
}
