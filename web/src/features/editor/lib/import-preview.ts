import type { ImportResult } from '../../../core/io/import/import-types.ts'
import type { MapOverlay } from '../../../map/overlay.ts'

export const IMPORT_PREVIEW_ID = 'editor-import'

/**
 * The records an import would store, as an overlay: one dot per accepted row (its source row
 * number as `row`), ringed in orange when the row carries a warning.
 */
export function importPreviewOverlay(result: ImportResult): MapOverlay {
  const warned = new Set(
    result.report.issues.filter((i) => i.severity === 'warning').map((i) => i.row),
  )
  const data: GeoJSON.FeatureCollection = {
    type: 'FeatureCollection',
    features: result.records.map((r) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [r.lon, r.lat] },
      properties: {
        row: r.source_row,
        name: r.name,
        category: r.category,
        warned: warned.has(r.source_row),
      },
    })),
  }
  const source = `${IMPORT_PREVIEW_ID}-points`
  return {
    id: IMPORT_PREVIEW_ID,
    sources: { [source]: { data } },
    layers: [
      {
        id: `${IMPORT_PREVIEW_ID}-dots`,
        type: 'circle',
        source,
        slot: 'top',
        paint: {
          'circle-radius': 7,
          'circle-color': '#7c3aed',
          'circle-stroke-width': ['case', ['get', 'warned'], 3, 1.5],
          'circle-stroke-color': ['case', ['get', 'warned'], '#ea580c', '#ffffff'],
        },
      },
    ],
    interactiveLayers: [`${IMPORT_PREVIEW_ID}-dots`],
  }
}
