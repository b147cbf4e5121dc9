import { describe, expect, it } from 'vitest'
import { configuredBasemap } from './basemap-config.ts'
import { buildMapStyle } from './map-style.ts'

describe('configuredBasemap', () => {
  it('is null by default: no request outside the app', () => {
    expect(configuredBasemap({})).toBeNull()
    const style = buildMapStyle({ basemap: {}, categories: [] })
    expect(style.glyphs).toBeUndefined()
    expect(style.sprite).toBeUndefined()
    expect(JSON.stringify(style)).not.toMatch(/https?:/)
  })
  it('takes a style URL, raster tiles or a Tianditu key', () => {
    expect(configuredBasemap({ VITE_BASEMAP_STYLE_URL: 'https://x/style.json' })).toEqual({
      styleUrl: 'https://x/style.json',
    })
    expect(
      configuredBasemap({
        VITE_BASEMAP_TILES: 'https://a/{z}/{x}/{y}.png|https://b/{z}/{x}/{y}.png',
      })?.rasterTiles,
    ).toHaveLength(2)
    const tdt = configuredBasemap({ VITE_TIANDITU_KEY: 'k&1' })
    expect(tdt?.rasterTiles?.[0]).toContain('tk=k%261')
    const style = buildMapStyle({ basemap: tdt!, categories: [] })
    expect(style.layers[1]).toMatchObject({ id: 'basemap-raster', type: 'raster' })
  })
})
