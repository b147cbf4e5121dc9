import type { MultiPolygon, Polygon } from 'geojson'
import { COMMUNITY_FIELD_CANDIDATES } from '../io/read-communities.ts'
import { containsHtml, findField, readText } from '../io/field-values.ts'
import { throwIfErrors, type InputIssue, type ReadResult } from '../io/input-issue.ts'
import { CHINA_BBOX, type BBox } from '../io/lng-lat-check.ts'
import { parseCsv } from '../io/parse-csv.ts'
import { normalizePolygonal, parseGeoJson } from '../io/parse-geojson.ts'
import { readFacilities, type ReadFacilitiesOptions } from '../io/read-facilities.ts'
import type { LocatableCommunity } from './community-locator.ts'
import type { NearbyFacility } from './nearest-list.ts'

/** A facility as residents see it: what the nearest list needs plus what its card shows. */
export interface ResidentFacility extends NearbyFacility {
  name: string | null
  address: string | null
  hours: string | null
  phone: string | null
}

/** Names tried for the fields the coverage reader does not keep. */
export const RESIDENT_FIELD_CANDIDATES = {
  published: ['published', 'is_published', '公开', '公開', '发布', '發布', '已发布', '已發布'],
  address: [
    'address',
    '地址',
    '據點地址',
    '据点地址',
    '機構地址',
    '机构地址',
    '分公司地址',
    'addr',
  ],
  hours: ['hours', 'opening_hours', '营业时间', '營業時間', '开放时间', '開放時間'],
  phone: ['phone', 'tel', '电话', '電話', '联系电话', '聯絡電話', '联络电话', '市話'],
} as const

const YES = new Set(['true', 'yes', 'y', '1', '是', '已发布', '已發布', '公开', '公開'])
const NO = new Set(['false', 'no', 'n', '0', '否', '未发布', '未發布', '不公开', '不公開'])

/**
 * Reads facility points with {@link readFacilities} (same formats, field mapping, checks and
 * messages) and adds what residents are shown or must not be shown: `published` (a record
 * marked unpublished is never listed; absent means published), address, opening hours and
 * phone. An unreadable `published` value rejects the file, naming the row and field.
 * @example readResidentFacilities(text, { source: 'facilities.geojson' }).features[0].published // true
 */
export function readResidentFacilities(
  text: string,
  options: ReadFacilitiesOptions = {},
): ReadResult<ResidentFacility> {
  const source = options.source ?? 'facilities'
  const read = readFacilities(text, options)
  // The same choice of format readFacilities makes.
  const format = options.format ?? (/^\s*\{/.test(text.replace(/^\uFEFF/, '')) ? 'geojson' : 'csv')
  const records: { where: string; get: (field: string | undefined) => unknown }[] = []
  let names: string[]
  if (format === 'csv') {
    const table = parseCsv(text, { source })
    names = table.header
    const col = new Map(names.map((h, i) => [h, i]))
    for (const row of table.rows)
      records.push({
        where: `row ${row.line}`,
        get: (f) => (f === undefined ? undefined : row.values[col.get(f) ?? -1]),
      })
  } else {
    const features = parseGeoJson(text, { source, maxChars: options.maxChars })
    const keys = new Set<string>()
    for (const f of features) for (const k of Object.keys(f.properties)) keys.add(k)
    names = [...keys]
    for (const f of features)
      records.push({
        where: `feature ${f.index}`,
        get: (k) => (k === undefined ? undefined : f.properties[k]),
      })
  }
  // readFacilities keeps every record in order except the ones it reports as skipped.
  const skipped = new Set(read.issues.filter((i) => i.severity === 'skipped').map((i) => i.where))
  const kept = records.filter((r) => !skipped.has(r.where))
  if (kept.length !== read.features.length)
    throw new Error(`${source}: ${kept.length} records but ${read.features.length} facilities read`)
  const field = (k: keyof typeof RESIDENT_FIELD_CANDIDATES): string | undefined =>
    findField(names, RESIDENT_FIELD_CANDIDATES[k])
  const published = field('published')
  const address = field('address')
  const hours = field('hours')
  const phone = field('phone')
  const issues: InputIssue[] = []
  const out: ResidentFacility[] = read.features.map((f, k) => {
    const rec = kept[k]!
    const p = f.properties
    let isPublished: boolean | null = null
    const raw = rec.get(published)
    if (typeof raw === 'boolean') isPublished = raw
    else {
      const t = readText(raw)?.toLowerCase()
      if (t !== undefined) {
        if (YES.has(t)) isPublished = true
        else if (NO.has(t)) isPublished = false
        else
          issues.push({
            source,
            where: rec.where,
            field: published!,
            message: `"${t}" is not a yes/no value (true/false, 1/0, 是/否)`,
            severity: 'error',
          })
      }
    }
    const text = (k2: string | undefined): string | null => {
      const v = readText(rec.get(k2))
      return v === undefined || containsHtml(v) ? null : v
    }
    return {
      id: p.id,
      category: p.category,
      name: p.name ?? null,
      lon: f.geometry.coordinates[0]!,
      lat: f.geometry.coordinates[1]!,
      status: p.status ?? null,
      published: isPublished,
      address: text(address),
      hours: text(hours),
      phone: text(phone),
    }
  })
  throwIfErrors(issues)
  return { features: out, issues: read.issues }
}

/**
 * Reads community polygons for locating points: an id and a name per feature, nothing else
 * required (no population, unlike the coverage reader). Bad geometry, a missing id, duplicate
 * ids or HTML in a name reject the file with every feature and field at fault.
 * @example readCommunityAreas(text, { source: 'communities.geojson' })[0].name // '吉祥社区'
 */
export function readCommunityAreas(
  text: string,
  options: { source?: string; region?: BBox | null; fields?: { id?: string; name?: string } } = {},
): LocatableCommunity[] {
  const source = options.source ?? 'communities'
  const raw = parseGeoJson(text, { source })
  const keys = new Set<string>()
  for (const f of raw.slice(0, 1000)) for (const k of Object.keys(f.properties)) keys.add(k)
  const idField = options.fields?.id ?? findField([...keys], COMMUNITY_FIELD_CANDIDATES.id)
  const nameField = options.fields?.name ?? findField([...keys], COMMUNITY_FIELD_CANDIDATES.name)
  const issues: InputIssue[] = []
  if (raw.length === 0)
    issues.push({
      source,
      where: 'file',
      field: 'features',
      message: 'no communities in the file',
      severity: 'error',
    })
  if (idField === undefined)
    issues.push({
      source,
      where: 'file',
      field: 'id',
      message: `no id property (looked for ${COMMUNITY_FIELD_CANDIDATES.id.join(', ')})`,
      severity: 'error',
    })
  throwIfErrors(issues)
  const region = options.region === undefined ? CHINA_BBOX : options.region
  const seen = new Map<string, string>()
  const out: LocatableCommunity[] = []
  for (const f of raw) {
    const where = `feature ${f.index}`
    const err = (field: string, message: string): void => {
      issues.push({ source, where, field, message, severity: 'error' })
    }
    const geometry = normalizePolygonal(f.geometry, region)
    if (!geometry.ok) err('geometry', geometry.message)
    const id = readText(f.properties[idField!])
    if (id === undefined) err(idField!, 'empty id')
    else if (seen.has(id)) err(idField!, `duplicate id "${id}" (also ${seen.get(id)})`)
    else seen.set(id, where)
    const name = (nameField === undefined ? undefined : readText(f.properties[nameField])) ?? id
    if (name !== undefined && containsHtml(name))
      err(
        nameField ?? idField!,
        `HTML is not allowed in names (${JSON.stringify(name.slice(0, 60))})`,
      )
    if (geometry.ok && id !== undefined && name !== undefined)
      out.push({ id, name, geometry: geometry.geometry as Polygon | MultiPolygon })
  }
  throwIfErrors(issues)
  return out
}
