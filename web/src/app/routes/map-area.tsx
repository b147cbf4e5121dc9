import { useTranslation } from 'react-i18next'
import type { ComponentProps } from 'react'
import { DemoBadge } from '../../components/demo-badge.tsx'
import { MapView } from '../../map/map-view.tsx'
import type { useBaseMap } from './use-base-map.ts'

type MapProps = Omit<
  ComponentProps<typeof MapView>,
  'basemap' | 'categories' | 'communities' | 'facilities' | 'initialBounds'
>

/** The shared map with the base data every workspace shows, or a loading line until it is there. */
export function MapArea({ base, ...props }: { base: ReturnType<typeof useBaseMap> } & MapProps) {
  const { t } = useTranslation()
  const { categories, communities, facilities, extent, basemap, demo, demoLabel, error } = base
  return (
    <>
      {/* With its facilities (or their error): drawn in the map's first frames, not after. */}
      {categories.data && extent && (facilities.data || facilities.error) ? (
        <MapView
          basemap={basemap}
          categories={categories.data}
          communities={communities.data}
          facilities={facilities.data}
          initialBounds={extent}
          {...props}
        />
      ) : (
        <p className="map-loading muted">{t('map.loading')}</p>
      )}
      {demo && <DemoBadge label={demoLabel} />}
      {error && (
        <p className="map-error" role="alert">
          {t('map.loadError', { message: error.message })}
        </p>
      )}
    </>
  )
}
