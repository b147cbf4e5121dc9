import { z } from 'zod'
import { CHINA_BBOX } from '../../../core/catalog/geo-limits.ts'
import { parseHours } from '../../../core/catalog/opening-hours.ts'
import {
  MAX_ADDRESS_CHARS,
  MAX_CAPACITY,
  MAX_NAME_CHARS,
  MAX_OPERATOR_CHARS,
  PHONE_PATTERN,
  charLength,
} from '../../../core/io/import/import-values.ts'

/**
 * The edit form's rules. Messages are i18n keys under `editor.errors.*`; the form shows them
 * with the field's name, in Chinese or English. The database checks the same again and has the
 * last word (e.g. whether the point is in one of the worker's communities).
 */
export const facilityFormSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, 'editor.errors.required')
      .refine((s) => charLength(s) <= MAX_NAME_CHARS, 'editor.errors.tooLong'),
    category: z.string().min(1, 'editor.errors.required'),
    status: z.enum(['open', 'closed', 'planned'], 'editor.errors.required'),
    address: z
      .string()
      .refine((s) => charLength(s.trim()) <= MAX_ADDRESS_CHARS, 'editor.errors.tooLong'),
    lon: z
      .number('editor.errors.number')
      .min(-180, 'editor.errors.lonRange')
      .max(180, 'editor.errors.lonRange'),
    lat: z
      .number('editor.errors.number')
      .min(-90, 'editor.errors.latRange')
      .max(90, 'editor.errors.latRange'),
    capacity: z
      .number('editor.errors.number')
      .int('editor.errors.wholeNumber')
      .min(0, 'editor.errors.capacityRange')
      .max(MAX_CAPACITY, 'editor.errors.capacityRange')
      .nullable(),
    hours: z.string().refine((s) => s.trim() === '' || parseHours(s).ok, 'editor.errors.hours'),
    phone: z
      .string()
      .refine((s) => s.trim() === '' || PHONE_PATTERN.test(s.trim()), 'editor.errors.phone'),
    operator: z
      .string()
      .refine((s) => charLength(s.trim()) <= MAX_OPERATOR_CHARS, 'editor.errors.tooLong'),
    inclusive: z.boolean(),
    published: z.boolean(),
    /** Why: kept in the audit. Required when the status becomes closed or planned. */
    reason: z.string().max(500, 'editor.errors.tooLong'),
    /** The status the form was opened with, to know whether it changed. */
    openedStatus: z.enum(['open', 'closed', 'planned']).nullable(),
  })
  .superRefine((v, ctx) => {
    if (v.status !== v.openedStatus && v.status !== 'open' && v.reason.trim() === '') {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'editor.errors.reasonForStatus' })
    }
    const [w, s, e, n] = CHINA_BBOX
    if (
      Number.isFinite(v.lon) &&
      Number.isFinite(v.lat) &&
      (v.lon < w || v.lon > e || v.lat < s || v.lat > n) &&
      v.lon >= -180 &&
      v.lon <= 180 &&
      v.lat >= -90 &&
      v.lat <= 90
    ) {
      ctx.addIssue({ code: 'custom', path: ['lon'], message: 'editor.errors.outsideChina' })
    }
  })
export type FacilityFormValues = z.infer<typeof facilityFormSchema>
