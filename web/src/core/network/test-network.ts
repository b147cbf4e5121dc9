import { importGeoJsonNetwork } from './import-geojson-network.ts'
import type { WalkGraph } from './walk-graph.ts'

/** Metres per degree of latitude on the R = 6,371,008.8 m sphere. */
export const M_PER_DEG = (6_371_008.8 * Math.PI) / 180

/**
 * A small walking network for tests: polylines given in metres east / north of a centre near
 * Taipei (121.5° E, 25° N), with optional properties, read through the GeoJSON importer.
 * @example testNetwork([[[0, 0], [100, 0]]]).graph.edgeCount // 1
 */
export function testNetwork(
  lines: readonly (readonly (readonly [number, number])[])[],
  properties: readonly Record<string, unknown>[] = [],
): { graph: WalkGraph; toLngLat: (x: number, y: number) => [number, number] } {
  const toLngLat = (x: number, y: number): [number, number] => [
    121.5 + x / (M_PER_DEG * Math.cos((25 * Math.PI) / 180)),
    25 + y / M_PER_DEG,
  ]
  const features = lines.map((line, i) => ({
    type: 'Feature',
    properties: properties[i] ?? {},
    geometry: { type: 'LineString', coordinates: line.map(([x, y]) => toLngLat(x, y)) },
  }))
  const { graph } = importGeoJsonNetwork(JSON.stringify({ type: 'FeatureCollection', features }), {
    source: 'test',
  })
  return { graph, toLngLat }
}
