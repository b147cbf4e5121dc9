import type { Map as MapLibreMap } from 'maplibre-gl'

/**
 * The map as a PNG data URL. WebGL clears its buffer after compositing, so the canvas is read
 * inside the next `render` event, when the frame just drawn is still there.
 */
export function mapImage(map: MapLibreMap): Promise<string> {
  return new Promise((resolve, reject) => {
    map.once('render', () => {
      try {
        resolve(map.getCanvas().toDataURL('image/png'))
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)))
      }
    })
    map.triggerRepaint()
  })
}
