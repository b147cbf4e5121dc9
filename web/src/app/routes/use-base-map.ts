import { useMemo } from 'react'
import { useDb } from '../../data/db-provider.tsx'
import { demoBasemapUrls, demoMeta } from '../../data/demo-assets.ts'
import { isDemoShown } from '../../data/demo-shown.ts'
import type { Bbox } from '../../data/keys.ts'
import { useCategories } from '../../data/use-categories.ts'
import { useCommunities } from '../../data/use-communities.ts'
import { useFacilities } from '../../data/use-facilities.ts'
import { CHINA_BBOX } from '../../core/catalog/geo-limits.ts'
import { boundsOfAreas, padBbox } from '../../core/geo/bbox.ts'
import { countByCategory } from '../../map/map-features.ts'
import { configuredBasemap } from '../../map/basemap-config.ts'

const meta = demoMeta()
// ~2 km at these latitudes: facilities just outside the outermost community still serve it.
const extentMarginDeg = 0.02

/**
 * What every workspace's map starts from: categories, communities, the facilities around them,
 * the district's extent and the basemap (the demo city's own layers, or a configured style).
 */
export function useBaseMap() {
  const db = useDb()
  const categories = useCategories()
  const communities = useCommunities()
  const extent = useMemo<Bbox | null>(
    () =>
      communities.data
        ? (boundsOfAreas(communities.data.map((c) => c.boundary)) ?? meta?.bbox ?? CHINA_BBOX)
        : null,
    [communities.data],
  )
  const filters = useMemo(
    () => (extent ? { bbox: padBbox(extent, extentMarginDeg), categories: null } : null),
    [extent],
  )
  const facilities = useFacilities(filters)
  const counts = useMemo(
    () => (facilities.data ? countByCategory(facilities.data) : undefined),
    [facilities.data],
  )
  const demo = isDemoShown(db.kind, meta !== null, communities.data)
  const basemap = useMemo(() => configuredBasemap() ?? (demo ? demoBasemapUrls() : {}), [demo])
  return {
    db,
    categories,
    communities,
    facilities,
    extent,
    counts,
    demo,
    demoLabel: meta?.label,
    basemap,
    error: categories.error ?? communities.error ?? facilities.error,
  }
}
