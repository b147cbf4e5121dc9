import { z } from 'zod'
import type { MapViewState } from '../../map/overlay.ts'

/**
 * What a shared link holds, per workspace. Every value is a plain string in the URL
 * (`/planner?cat=canteen&min=15&v=121.43,31.04,14.2`), read leniently: a value that cannot be
 * read is dropped, never an error page, because links are typed and truncated by people.
 */

const lenient = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined)

const id = lenient(z.string().regex(/^[0-9a-zA-Z-]{1,64}$/))
const codes = lenient(z.string().regex(/^[a-z0-9_]+(,[a-z0-9_]+)*$/))

/** Map centre and zoom as `lon,lat,zoom`. */
const view = lenient(z.string().refine((v) => parseView(v) !== null, 'not a map view'))
const point = lenient(z.string().refine((v) => parsePoint(v) !== null, 'not a point'))

export const residentSearchSchema = z.object({
  v: view,
  /** Categories switched off, comma-separated codes. */
  hide: codes,
  /** `1`: only facilities open now. */
  open: lenient(z.enum(['1'])),
  /** Selected facility id. */
  f: id,
  /** Selected community id. */
  c: id,
  /** A chosen point ("near me", "what is near this home"), `lon,lat`. */
  at: point,
  pace: lenient(z.enum(['ordinary', 'elderly'])),
  /** Straight-line or along streets. */
  mode: lenient(z.enum(['circle', 'network'])),
  /** `list`: the simplified list-first view. */
  list: lenient(z.enum(['1'])),
})
export type ResidentSearch = z.infer<typeof residentSearchSchema>

export const plannerSearchSchema = z.object({
  v: view,
  hide: codes,
  f: id,
  c: id,
  /** The category the map colours communities by, or `complete`. */
  cat: lenient(z.string().regex(/^[a-z0-9_]{1,40}$/)),
  /** Walking minutes. */
  min: lenient(z.coerce.number().int().min(1).max(60)),
  /** Walking speed, km/h. */
  speed: lenient(z.coerce.number().min(1).max(10)),
  metric: lenient(z.enum(['area', 'population'])),
  mode: lenient(z.enum(['circle', 'network'])),
  /** A saved scenario's id. */
  scenario: id,
})
export type PlannerSearch = z.infer<typeof plannerSearchSchema>

export const editorSearchSchema = z.object({
  v: view,
  f: id,
  c: id,
  tab: lenient(z.enum(['facilities', 'verify', 'reports', 'import', 'people'])),
})
export type EditorSearch = z.infer<typeof editorSearchSchema>

export function parseView(text: string | undefined): MapViewState | null {
  if (!text) return null
  const parts = text.split(',').map(Number)
  if (parts.length !== 3 || parts.some((n) => !Number.isFinite(n))) return null
  const [lon, lat, zoom] = parts as [number, number, number]
  if (Math.abs(lon) > 180 || Math.abs(lat) > 85 || zoom < 0 || zoom > 22) return null
  return { center: [lon, lat], zoom }
}

export function formatView(view: MapViewState): string {
  return `${view.center[0]},${view.center[1]},${view.zoom}`
}

export function parsePoint(text: string | undefined): [number, number] | null {
  if (!text) return null
  const parts = text.split(',').map(Number)
  if (parts.length !== 2 || parts.some((n) => !Number.isFinite(n))) return null
  const [lon, lat] = parts as [number, number]
  return Math.abs(lon) <= 180 && Math.abs(lat) <= 90 ? [lon, lat] : null
}

export function formatPoint([lon, lat]: readonly [number, number]): string {
  return `${Number(lon.toFixed(6))},${Number(lat.toFixed(6))}`
}

/** Plain `key=value` pairs in and out: no JSON quoting of strings that look like numbers. */
export function parseSearch(search: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(search.startsWith('?') ? search.slice(1) : search))
}

export function stringifySearch(search: Record<string, unknown>): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(search)) {
    if (value === undefined || value === null || value === '') continue
    params.set(key, String(value))
  }
  const text = params.toString().replaceAll('%2C', ',')
  return text ? `?${text}` : ''
}
