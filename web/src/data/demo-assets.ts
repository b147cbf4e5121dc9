import { z } from 'zod'
/** The demo city's basemap layers as URLs the app serves (map/map-style.ts draws them). */
export interface DemoBasemapUrls {
  boundary?: string
  water?: string
  parks?: string
  streets?: string
}

// Globs rather than plain imports: a checkout without a generated demo city still builds,
// it just draws no basemap. `?url` makes Vite emit each file as an asset served by the app
// itself, so MapLibre fetches it from localhost.
// Only the basemap layers: the others are seeded into the database, not drawn from files.
const urls = import.meta.glob<string>('../../../data/demo/{boundary,water,parks,streets}.geojson', {
  query: '?url',
  import: 'default',
  eager: true,
})
const metas = import.meta.glob<unknown>('../../../data/demo/meta.json', {
  import: 'default',
  eager: true,
})

function demoUrl(name: string): string | undefined {
  const entry = Object.entries(urls).find(([path]) => path.endsWith(`/${name}.geojson`))
  // MapLibre fetches GeoJSON in its worker, where a root-relative URL has no page to resolve against.
  return entry ? new URL(entry[1], window.location.href).href : undefined
}

export function demoBasemapUrls(): DemoBasemapUrls {
  return {
    boundary: demoUrl('boundary'),
    water: demoUrl('water'),
    parks: demoUrl('parks'),
    streets: demoUrl('streets'),
  }
}

const demoMetaSchema = z.looseObject({
  label: z.string().min(1).optional(),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
})
export type DemoMeta = z.infer<typeof demoMetaSchema>

/** The generated demo city's meta.json, or null when no demo city is bundled. */
export function demoMeta(): DemoMeta | null {
  const raw = Object.values(metas)[0]
  if (raw === undefined) return null
  const parsed = demoMetaSchema.safeParse(raw)
  return parsed.success ? parsed.data : {}
}
