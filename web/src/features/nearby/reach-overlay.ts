import { circle } from '@turf/turf'
import type { MapOverlay } from '../../map/overlay.ts'

/**
 * The reach drawn around a chosen point: one ring per reach distance (a canteen at the elderly
 * pace reaches less far than a store at the ordinary pace), and the point itself.
 */
export function reachOverlay(
  point: [number, number],
  rings: readonly { reachM: number; color: string; label: string }[],
): MapOverlay {
  const features: GeoJSON.Feature[] = rings.map((r) =>
    circle(point, r.reachM / 1000, {
      steps: 96,
      units: 'kilometers',
      properties: { color: r.color, label: r.label },
    }),
  )
  return {
    id: 'nearby-reach',
    sources: {
      'nearby-reach': { data: { type: 'FeatureCollection', features } },
      'nearby-point': {
        data: {
          type: 'FeatureCollection',
          features: [
            { type: 'Feature', geometry: { type: 'Point', coordinates: point }, properties: {} },
          ],
        },
      },
    },
    layers: [
      {
        id: 'nearby-reach-fill',
        type: 'fill',
        source: 'nearby-reach',
        slot: 'lines',
        paint: { 'fill-color': ['get', 'color'], 'fill-opacity': 0.06 },
      },
      {
        id: 'nearby-reach-line',
        type: 'line',
        source: 'nearby-reach',
        slot: 'lines',
        paint: { 'line-color': ['get', 'color'], 'line-width': 2, 'line-dasharray': [2, 1.5] },
      },
      {
        id: 'nearby-point',
        type: 'circle',
        source: 'nearby-point',
        slot: 'top',
        paint: {
          'circle-radius': 8,
          'circle-color': '#111827',
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 3,
        },
      },
    ],
  }
}
