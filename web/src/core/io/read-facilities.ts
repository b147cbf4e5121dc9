import type { FacilityFeature, FacilityProps } from '../coverage/types.ts'
import { containsHtml, findField, readNumber, readText } from './field-values.ts'
import { throwIfErrors, type InputIssue, type ReadResult } from './input-issue.ts'
import { CHINA_BBOX, type BBox } from './lng-lat-check.ts'
import { parseCsv } from './parse-csv.ts'
import { normalizePoint, parseGeoJson } from './parse-geojson.ts'

/** Which column (CSV) or property (GeoJSON) holds each facility field. */
export interface FacilityFields {
  lon: string
  lat: string
  id: string
  name: string
  category: string
  status: string
  capacity: string
}

/** Names tried, in order, when a field is not mapped explicitly (case, spaces, `_`, `-` ignored). */
export const FACILITY_FIELD_CANDIDATES: Readonly<Record<keyof FacilityFields, readonly string[]>> =
  {
    lon: ['lon', 'lng', 'long', 'longitude', 'x', '經度', '经度', 'wgs84x'],
    lat: ['lat', 'latitude', 'y', '緯度', '纬度', 'wgs84y'],
    id: ['id', 'fid', 'code', 'facility_id', '編號', '编号', '代碼', '代码'],
    name: [
      'name',
      '名稱',
      '名称',
      'title',
      'inst_name',
      '機構名稱',
      '机构名称',
      '據點名稱',
      '据点名称',
      '店名',
    ],
    category: ['category', 'category_code', '類別', '类别', '設施類別', '设施类别'],
    status: ['status', '狀態', '状态'],
    capacity: ['capacity', '容量', '床位', '座位', '托位', '收托人數', '收托人数'],
  }

export interface ReadFacilitiesOptions {
  /** File name for messages; also decides the format when `format` is not given (`.csv`). */
  source?: string
  /** Default: GeoJSON when the text starts with `{`, else CSV. */
  format?: 'geojson' | 'csv'
  /** Explicit column/property names; the rest are looked up in {@link FACILITY_FIELD_CANDIDATES}. */
  fields?: Partial<FacilityFields>
  /** One category for every row (a file per category); wins over a category column. */
  category?: string
  /** Known category codes: any other value is an error. */
  categories?: readonly string[]
  /** Prefix of ids made up for files without an id column: `<prefix>-<row or feature>`. */
  idPrefix?: string
  /** Where positions must lie, degrees; `null` only checks ±180/±90. Default China incl. Taiwan. */
  region?: BBox | null
  maxChars?: number
}

const STATUS_WORDS: Record<string, FacilityProps['status']> = {
  open: 'open',
  closed: 'closed',
  planned: 'planned',
  营业: 'open',
  营业中: 'open',
  開放: 'open',
  开放: 'open',
  營業中: 'open',
  关闭: 'closed',
  關閉: 'closed',
  停业: 'closed',
  停業: 'closed',
  规划: 'planned',
  規劃: 'planned',
  筹建: 'planned',
  籌建: 'planned',
}

/**
 * Reads facility points from GeoJSON (Point features) or CSV (longitude/latitude columns,
 * numbers as text, BOM and CRLF tolerated), mapping fields by name or explicitly.
 * Rows with absent or "NA" coordinates are skipped and reported in `issues`; anything else
 * wrong (text coordinates, swapped or out-of-region positions, unknown categories or statuses,
 * negative capacity, HTML in a name, duplicate ids) rejects the file with an `InputError`
 * listing every row and field at fault. Exact duplicate rows (same category, name, position)
 * are kept with a warning.
 * @example readFacilities('lon,lat,name\n121.5,25.0,A', { category: 'store', source: 'stores.csv' }).features[0]!.properties.id // 'stores-2'
 */
export function readFacilities(
  text: string,
  options: ReadFacilitiesOptions = {},
): ReadResult<FacilityFeature> {
  const source = options.source ?? 'facilities'
  const format = options.format ?? (/^\s*\{/.test(text.replace(/^\uFEFF/, '')) ? 'geojson' : 'csv')
  const idPrefix =
    options.idPrefix ?? (source.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '') || 'facility')
  const region = options.region === undefined ? CHINA_BBOX : options.region
  const issues: InputIssue[] = []
  const out: FacilityFeature[] = []
  const firstRowOfId = new Map<string, string>()
  const seen = new Map<string, Array<{ x: number; y: number; where: string }>>()

  const records: {
    where: string
    number: number
    get: (field: string | undefined) => unknown
    geometry?: unknown
  }[] = []
  let names: string[]
  if (format === 'csv') {
    const table = parseCsv(text, { source })
    names = table.header
    const col = new Map(names.map((h, i) => [h, i]))
    for (const row of table.rows) {
      records.push({
        where: `row ${row.line}`,
        number: row.line,
        get: (f) => (f === undefined ? undefined : row.values[col.get(f) ?? -1]),
      })
    }
  } else {
    const features = parseGeoJson(text, { source, maxChars: options.maxChars })
    const keys = new Set<string>()
    for (const f of features) for (const k of Object.keys(f.properties)) keys.add(k)
    names = [...keys]
    for (const f of features) {
      records.push({
        where: `feature ${f.index}`,
        number: f.index,
        get: (k) => (k === undefined ? undefined : f.properties[k]),
        geometry: f.geometry,
      })
    }
  }

  const fields = resolveFields(names, options.fields)
  const fileIssue = (field: string, message: string): void => {
    issues.push({ source, where: 'header', field, message, severity: 'error' })
  }
  for (const [k, v] of Object.entries(options.fields ?? {})) {
    if (v !== undefined && !names.includes(v)) fileIssue(k, `no column or property named "${v}"`)
  }
  if (format === 'csv' && (fields.lon === undefined || fields.lat === undefined)) {
    fileIssue(
      fields.lon === undefined ? 'lon' : 'lat',
      `no longitude/latitude columns (looked for ${FACILITY_FIELD_CANDIDATES.lon.join(', ')} / ${FACILITY_FIELD_CANDIDATES.lat.join(', ')}) in header: ${names.join(', ')}`,
    )
  }
  if (options.category === undefined && fields.category === undefined) {
    fileIssue(
      'category',
      `no category column (looked for ${FACILITY_FIELD_CANDIDATES.category.join(', ')}) and no fixed category given`,
    )
  }
  if (
    options.category !== undefined &&
    options.categories &&
    !options.categories.includes(options.category)
  ) {
    fileIssue(
      'category',
      `unknown category "${options.category}" (known: ${options.categories.join(', ')})`,
    )
  }
  if (issues.length > 0) throwIfErrors(issues)

  for (const rec of records) {
    const err = (
      field: string,
      message: string,
      severity: InputIssue['severity'] = 'error',
    ): void => {
      issues.push({ source, where: rec.where, field, message, severity })
    }
    const before = issues.length

    let coordinates: [number, number] | undefined
    const fromColumns =
      format === 'csv' ||
      ((rec.geometry === null || rec.geometry === undefined) &&
        fields.lon !== undefined &&
        fields.lat !== undefined)
    const point = normalizePoint(
      fromColumns
        ? { type: 'Point', coordinates: [rec.get(fields.lon), rec.get(fields.lat)] }
        : rec.geometry,
      region,
    )
    const coordField = fromColumns ? `${fields.lon ?? 'lon'}/${fields.lat ?? 'lat'}` : 'geometry'
    if (point.ok) coordinates = point.geometry.coordinates as [number, number]
    else if (point.missing) {
      err(coordField, `${point.message}; row skipped`, 'skipped')
      continue
    } else err(coordField, point.message)

    const category = options.category ?? readText(rec.get(fields.category))
    if (category === undefined) err(fields.category ?? 'category', 'empty category')
    else if (options.categories && !options.categories.includes(category)) {
      err(
        fields.category ?? 'category',
        `unknown category "${category}" (known: ${options.categories.join(', ')})`,
      )
    }

    const id = readText(rec.get(fields.id)) ?? `${idPrefix}-${rec.number}`
    if (containsHtml(id)) err(fields.id ?? 'id', 'HTML is not allowed in ids')
    const firstRow = firstRowOfId.get(id)
    if (firstRow !== undefined) err(fields.id ?? 'id', `duplicate id "${id}" (also ${firstRow})`)
    else firstRowOfId.set(id, rec.where)

    const name = readText(rec.get(fields.name))
    if (name !== undefined && containsHtml(name))
      err(
        fields.name ?? 'name',
        `HTML is not allowed in names (${JSON.stringify(name.slice(0, 60))})`,
      )

    let status: FacilityProps['status']
    const statusText = readText(rec.get(fields.status))
    if (statusText !== undefined) {
      status = STATUS_WORDS[statusText.toLowerCase()]
      if (status === undefined)
        err(fields.status ?? 'status', `unknown status "${statusText}" (open, closed or planned)`)
    }

    let capacity: number | null = null
    const cap = readNumber(rec.get(fields.capacity))
    if (cap.kind === 'invalid') err(fields.capacity ?? 'capacity', `not a number ("${cap.raw}")`)
    else if (cap.kind === 'number') {
      if (cap.value < 0) err(fields.capacity ?? 'capacity', `negative capacity (${cap.value})`)
      else capacity = cap.value
    }

    if (issues.length > before || coordinates === undefined || category === undefined) continue
    // Without names, a shared position is normal (stores geocoded to one building), not a duplicate.
    if (name !== undefined) {
      // Keyed without the position: turning 40,000 coordinates into strings cost more than
      // the rest of reading a large file; the few records sharing a name are compared here.
      const key = `${category}\u0000${name}`
      const same = seen.get(key)
      const dup = same?.find((r) => r.x === coordinates![0] && r.y === coordinates![1])
      if (dup !== undefined)
        err(
          fields.name ?? 'name',
          `same category, name and position as ${dup.where}; kept both`,
          'warning',
        )
      else if (same) same.push({ x: coordinates[0], y: coordinates[1], where: rec.where })
      else seen.set(key, [{ x: coordinates[0], y: coordinates[1], where: rec.where }])
    }

    const properties: FacilityProps = { id, category, capacity }
    if (name !== undefined) properties.name = name
    if (status !== undefined) properties.status = status
    out.push({ type: 'Feature', geometry: { type: 'Point', coordinates }, properties })
  }
  throwIfErrors(issues)
  return { features: out, issues }
}

function resolveFields(
  names: readonly string[],
  explicit: Partial<FacilityFields> = {},
): Partial<FacilityFields> {
  const out: Partial<FacilityFields> = {}
  for (const k of Object.keys(FACILITY_FIELD_CANDIDATES) as (keyof FacilityFields)[]) {
    out[k] = explicit[k] ?? findField(names, FACILITY_FIELD_CANDIDATES[k])
  }
  return out
}
