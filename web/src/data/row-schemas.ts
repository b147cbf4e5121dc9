import { z } from 'zod'

// The two adapters hand back the same rows with different JS types: PGlite returns `numeric`
// as a string and timestamps as Date, PostgREST returns JSON numbers and ISO strings.
// These schemas accept both and produce one shape.

const numeric = z.union([z.number(), z.string().trim().min(1).transform(Number)]).pipe(z.number())
const timestamp = z.union([z.string(), z.date().transform((d) => d.toISOString())])

const position = z.array(z.number()).min(2)
const ring = z.array(position).min(4)
const polygonGeometry = z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) })
const multiPolygonGeometry = z.object({
  type: z.literal('MultiPolygon'),
  coordinates: z.array(z.array(ring).min(1)).min(1),
})
export const areaGeometrySchema = z.discriminatedUnion('type', [
  polygonGeometry,
  multiPolygonGeometry,
])

export const categoryRowSchema = z.object({
  code: z.string().min(1),
  name_zh: z.string(),
  name_en: z.string(),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  icon: z.string().nullish(),
  default_reach_min: numeric.nullish(),
  target_group: z.string().nullish(),
  capacity_unit: z.string().nullish(),
  sort_order: numeric.nullish(),
})
export type CategoryRow = z.infer<typeof categoryRowSchema>

export const communityRowSchema = z.object({
  id: z.string(),
  code: z.string().nullish(),
  name: z.string(),
  street: z.string().nullish(),
  district: z.string().nullish(),
  boundary: areaGeometrySchema,
  area_m2: numeric.nullish(),
  population: numeric.nullish(),
  population_elderly: numeric.nullish(),
  population_infants: numeric.nullish(),
  households: numeric.nullish(),
  source: z.string().nullish(),
  vintage: z.union([z.string(), numeric]).nullish(),
  facility_counts: z
    .record(z.string(), numeric)
    .nullish()
    .transform((v) => v ?? {}),
})
export type CommunityRow = z.infer<typeof communityRowSchema>

export const facilityStatusSchema = z.enum(['open', 'closed', 'planned'])
export type FacilityStatus = z.infer<typeof facilityStatusSchema>

export const facilityRowSchema = z.object({
  id: z.string(),
  category: z.string(),
  name: z.string(),
  address: z.string().nullish(),
  lon: numeric,
  lat: numeric,
  community_id: z.string().nullish(),
  status: facilityStatusSchema,
  capacity: numeric.nullish(),
  hours: z.string().nullish(),
  phone: z.string().nullish(),
  operator: z.string().nullish(),
  inclusive: z.boolean().nullish(),
  published: z.boolean().nullish(),
  verified_at: timestamp.nullish(),
  source: z.string().nullish(),
  version: numeric.nullish(),
  updated_at: timestamp.nullish(),
})
export type FacilityRow = z.infer<typeof facilityRowSchema>
