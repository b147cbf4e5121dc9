import type { TFunction } from 'i18next'

const FIELD_KEYS: Record<string, string> = {
  name: 'editor.fields.name',
  category: 'facility.category',
  status: 'facility.status',
  address: 'facility.address',
  lon: 'editor.fields.lon',
  lat: 'editor.fields.lat',
  capacity: 'facility.capacity',
  hours: 'facility.hours',
  phone: 'facility.phone',
  operator: 'facility.operator',
  inclusive: 'facility.inclusive',
  published: 'editor.fields.published',
  community_id: 'facility.community',
  source: 'editor.fields.source',
  verified_at: 'facility.verifiedAt',
  verified_by: 'editor.fields.verifiedBy',
  deleted_at: 'editor.fields.deleted',
  reason: 'editor.fields.reason',
}

/** A record field's name as people read it (audit fields included). */
export function fieldLabel(t: TFunction, field: string): string {
  const key = FIELD_KEYS[field]
  return key ? t(key) : field
}

/** A value as shown in a diff or the history: empty as a dash, booleans as yes/no. */
export function displayValue(t: TFunction, field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—'
  if (typeof value === 'boolean') return value ? t('facility.yes') : t('facility.no')
  if (field === 'status' && typeof value === 'string') return t(`status.${value}`)
  if (typeof value === 'number') return String(value)
  if (typeof value === 'string') return value
  return JSON.stringify(value)
}
