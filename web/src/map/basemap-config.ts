import type { BasemapUrls } from './map-style.ts'

export interface BasemapEnv {
  VITE_BASEMAP_STYLE_URL?: string | undefined
  VITE_BASEMAP_TILES?: string | undefined
  VITE_BASEMAP_ATTRIBUTION?: string | undefined
  VITE_TIANDITU_KEY?: string | undefined
}

/**
 * A basemap set in configuration (README, "Basemap"), or null for the default: the dataset's
 * own layers, which make no request outside the app's origin.
 * - `VITE_BASEMAP_STYLE_URL`: any MapLibre style; the app's layers are drawn on top of it.
 * - `VITE_BASEMAP_TILES`: raster tile URL templates, `|`-separated (`https://…/{z}/{x}/{y}.png`).
 * - `VITE_TIANDITU_KEY`: 天地图 vector map and Chinese annotation tiles with that key.
 */
export function configuredBasemap(
  env: BasemapEnv = import.meta.env as BasemapEnv,
): BasemapUrls | null {
  const style = env.VITE_BASEMAP_STYLE_URL?.trim()
  if (style) return { styleUrl: style }
  const tiles = env.VITE_BASEMAP_TILES?.trim()
  const attribution = env.VITE_BASEMAP_ATTRIBUTION?.trim()
  if (tiles)
    return {
      rasterTiles: tiles
        .split('|')
        .map((t) => t.trim())
        .filter(Boolean),
      ...(attribution ? { attribution } : {}),
    }
  const key = env.VITE_TIANDITU_KEY?.trim()
  if (key) {
    // Tianditu's Web Mercator WMTS layers: vec (map) and cva (Chinese labels), servers t0–t7.
    const layer = (name: string) =>
      [0, 1, 2, 3, 4, 5, 6, 7].map(
        (n) =>
          `https://t${n}.tianditu.gov.cn/${name}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${name}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`,
      )
    return {
      rasterTiles: layer('vec'),
      labelTiles: layer('cva'),
      attribution: '天地图 © 国家地理信息公共服务平台',
    }
  }
  return null
}
