// A glob, like the basemap layers in demo-assets.ts: a checkout without a generated demo city
// still builds. `?url` emits the file as an asset the app serves itself (no network).
const urls = import.meta.glob<string>('../../../../../data/demo/population-blocks.geojson', {
  query: '?url',
  import: 'default',
  eager: true,
})

/** URL of the demo city's 小区 population blocks, or null when none is bundled. */
export function demoPopulationUrl(): string | null {
  const url = Object.values(urls)[0]
  return url ? new URL(url, window.location.href).href : null
}
