import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { useDb } from '../../data/db-provider.tsx'
import type { Bbox } from '../../data/keys.ts'
import { useCategories } from '../../data/use-categories.ts'
import { useCommunities } from '../../data/use-communities.ts'
import { useFacilities } from './api/list-facilities.ts'
import { CategoryLegend } from './category-legend.tsx'
import { CommunityPicker } from './community-picker.tsx'
import { CoverageControls } from './coverage/coverage-controls.tsx'
import { useCoverage, useSelectedGaps } from './coverage/use-coverage.ts'
import { DemoBadge } from './demo-badge.tsx'
import { demoBasemapUrls, demoMeta } from './demo-assets.ts'
import { isDemoShown } from './demo-shown.ts'
import { DetailsPanel } from './details-panel.tsx'
import { boundsOfAreas, countByCategory, padBbox } from './map-features.ts'
import { MapView } from './map-view.tsx'

const meta = demoMeta()
const noBasemap = {}
// ~2 km at these latitudes: facilities just outside the outermost community still serve it.
const extentMarginDeg = 0.02
// With no communities at all (an empty hosted database), show the whole country rather than nothing.
const chinaBbox: Bbox = [73.5, 18, 135.1, 53.6]

/** The resident's map: communities, facilities by category, legend switches and details. */
export function MapPage() {
  const { t } = useTranslation()
  const db = useDb()
  const categories = useCategories()
  const communities = useCommunities()

  const extent = useMemo(
    () =>
      communities.data
        ? (boundsOfAreas(communities.data.map((c) => c.boundary)) ?? meta?.bbox ?? chinaBbox)
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
  const basemap = useMemo(() => (demo ? demoBasemapUrls() : noBasemap), [demo])
  const error = categories.error ?? communities.error ?? facilities.error
  const rows = {
    categories: categories.data,
    communities: communities.data,
    facilities: facilities.data,
  }
  const coverage = useCoverage({ ...rows, demo })
  const gaps = useSelectedGaps(rows)

  return (
    <div className="map-page">
      <div className="map-area">
        {categories.data && extent ? (
          <MapView
            basemap={basemap}
            categories={categories.data}
            communities={communities.data}
            facilities={facilities.data}
            initialBounds={extent}
            coverage={coverage.result}
            gaps={gaps}
          />
        ) : (
          <p className="map-loading muted">{t('map.loading')}</p>
        )}
        {demo && <DemoBadge label={meta?.label} />}
        {error && (
          <p className="map-error" role="alert">
            {t('map.loadError', { message: error.message })}
          </p>
        )}
      </div>
      <aside id="side-panel" className="side-panel" aria-label={t('panel.title')} tabIndex={-1}>
        {categories.data && <CategoryLegend categories={categories.data} counts={counts} />}
        {categories.data && <CoverageControls categories={categories.data} coverage={coverage} />}
        {communities.data && <CommunityPicker communities={communities.data} />}
        <DetailsPanel
          coverage={coverage.result}
          categories={categories.data ?? []}
          communities={communities.data}
          facilities={facilities.data}
        />
      </aside>
    </div>
  )
}
