import { z } from 'zod'
import type { FacilityRow } from '../../../data/row-schemas.ts'

/** The fields a worker edits, in the order the form shows them. */
export const EDITABLE_FIELDS = [
  'name',
  'category',
  'status',
  'address',
  'lon',
  'lat',
  'capacity',
  'hours',
  'phone',
  'operator',
  'inclusive',
  'published',
] as const
export type EditableField = (typeof EDITABLE_FIELDS)[number]

/**
 * A facility as the form holds it: text fields as strings ('' for none), the position as
 * WGS-84 degrees, capacity as a count or null.
 */
export const facilityValuesSchema = z.object({
  name: z.string(),
  category: z.string(),
  status: z.enum(['open', 'closed', 'planned']),
  address: z.string(),
  lon: z.number(),
  lat: z.number(),
  capacity: z.number().nullable(),
  hours: z.string(),
  phone: z.string(),
  operator: z.string(),
  inclusive: z.boolean(),
  published: z.boolean(),
})
export type FacilityValues = z.infer<typeof facilityValuesSchema>

/** The form's values for a stored row. */
export function valuesFromRow(row: FacilityRow): FacilityValues {
  return {
    name: row.name,
    category: row.category,
    status: row.status,
    address: row.address ?? '',
    lon: row.lon,
    lat: row.lat,
    capacity: row.capacity ?? null,
    hours: row.hours ?? '',
    phone: row.phone ?? '',
    operator: row.operator ?? '',
    inclusive: row.inclusive ?? false,
    published: row.published ?? true,
  }
}

/** A new facility at a point on the map. */
export function blankValues(lngLat: readonly [number, number], category: string): FacilityValues {
  return {
    name: '',
    category,
    status: 'open',
    address: '',
    lon: round6(lngLat[0]),
    lat: round6(lngLat[1]),
    capacity: null,
    hours: '',
    phone: '',
    operator: '',
    inclusive: false,
    published: true,
  }
}

/** Degrees to 6 decimals (about 0.1 m), as positions are typed and shown. */
export function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6
}

// Positions closer than this are the same position (degrees; ~1 cm).
const SAME_POSITION_DEG = 1e-7

/** Whether two values of a field are the same for a person (positions within ~1 cm). */
export function sameValue(field: EditableField, a: unknown, b: unknown): boolean {
  if (field === 'lon' || field === 'lat') {
    return typeof a === 'number' && typeof b === 'number'
      ? Math.abs(a - b) < SAME_POSITION_DEG
      : a === b
  }
  const norm = (v: unknown) => (v === '' || v === undefined ? null : v)
  return norm(a) === norm(b)
}

/** The JSON `save_facility` takes: empty text as null, only the editable fields (and id). */
export function toSavePayload(values: FacilityValues, id: string | null): Record<string, unknown> {
  const text = (s: string) => (s.trim() === '' ? null : s.trim())
  return {
    ...(id ? { id } : {}),
    name: values.name.trim(),
    category: values.category,
    status: values.status,
    address: text(values.address),
    lon: values.lon,
    lat: values.lat,
    capacity: values.capacity,
    hours: text(values.hours),
    phone: text(values.phone),
    operator: text(values.operator),
    inclusive: values.inclusive,
    published: values.published,
  }
}
