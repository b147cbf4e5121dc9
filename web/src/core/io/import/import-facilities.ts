/**
 * The facility importer: bytes of a CSV (UTF-8 / GBK), XLSX, GeoJSON or zipped Shapefile file
 * → validated records in WGS-84 and a report naming the row and field of every problem.
 *
 * Two steps, so a screen can show the columns and let the user fix the mapping in between:
 *   const table = await readImportTable(bytes, file.name)          // columns, rows, encoding
 *   const mapping = suggestMapping(table.headers)                  // or the user's own
 *   const { records, report } = await importTable(table, { mapping, crs: 'gcj02', existing })
 * or in one: `await importFile(bytes, file.name, options)`. Nothing here throws for bad input.
 */
import { z } from 'zod'
import { BASE_CATEGORIES, FACILITY_STATUSES } from '../../catalog/categories.ts'
import { inChina } from '../../catalog/geo-limits.ts'
import { parseHours } from '../../catalog/opening-hours.ts'
import { containsHtml, readNumber } from '../field-values.ts'
import { detectImportFormat } from './detect-import-format.ts'
import { checkMappingColumns, readSource, suggestMapping } from './field-mapping.ts'
import { DUPLICATE_DISTANCE_M, findDuplicates } from './find-duplicates.ts'
import { checkOffset, toWgs84 } from './import-coordinates.ts'
import { failedTable, type ImportTable, type TableRow } from './import-table.ts'
import type {
  ExistingFacility,
  FieldMapping,
  Geocoder,
  ImportCrs,
  ImportFormat,
  ImportIssue,
  ImportRecord,
  ImportReport,
  ImportResult,
} from './import-types.ts'
import {
  MAX_ADDRESS_CHARS,
  MAX_CAPACITY,
  MAX_NAME_CHARS,
  MAX_OPERATOR_CHARS,
  PHONE_PATTERN,
  categoryFromCell,
  charLength,
  cleanText,
  normalizePhone,
  parseCapacity,
  parseInclusive,
  parseStatus,
} from './import-values.ts'
import { normalizeHours } from './normalize-hours.ts'
import { readCsvTable } from './read-csv-table.ts'
import { readGeoJsonTable } from './read-geojson-table.ts'

/** Files larger than this are refused before they are read, bytes (50 MiB). */
export const DEFAULT_MAX_IMPORT_BYTES = 50 * 1024 * 1024

export interface ImportOptions {
  /** File name or label for the report; the file name by default. */
  source?: string
  /** Column → field mapping, used as given; found from the headers when left out. */
  mapping?: FieldMapping
  /** One category code for every row (overrides a type column). */
  category?: string
  /** Category codes the database knows; the four base categories by default. */
  categories?: readonly string[]
  /** The coordinate system of the file's positions; WGS-84 by default. */
  crs?: ImportCrs
  /** Records already stored (WGS-84), for the duplicate check and the offset hint. */
  existing?: readonly ExistingFacility[]
  /** WGS-84 points known to be right (e.g. community centroids) for the offset hint. */
  references?: readonly (readonly [number, number])[]
  /** Geocodes rows without coordinates that have an address; none by default. */
  geocoder?: Geocoder
  /** Same-name duplicates within this distance, metres (50 by default). */
  duplicateDistanceM?: number
}

export interface ReadTableOptions {
  /** The file kind, when known better than from the content and name. */
  format?: ImportFormat
  /** Size limit, bytes; {@link DEFAULT_MAX_IMPORT_BYTES} by default. */
  maxBytes?: number
}

const fileIssue = (code: ImportIssue['code'], message: string): ImportIssue => ({
  row: null,
  field: 'file',
  severity: 'error',
  code,
  message,
})

/**
 * The issue for a file over the size limit, or null. Call it with the file's size before
 * reading it (`File.size` in the browser, `stat` in the CLI).
 * @example checkImportSize(200 * 1024 * 1024)?.code // 'file_too_large'
 */
export function checkImportSize(
  byteLength: number,
  maxBytes: number = DEFAULT_MAX_IMPORT_BYTES,
): ImportIssue | null {
  if (byteLength <= maxBytes) return null
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`
  return fileIssue(
    'file_too_large',
    `the file is ${mb(byteLength)}, over the ${mb(maxBytes)} import limit: split it into smaller files`,
  )
}

/**
 * Reads a file's bytes into columns and rows (any of the four formats). Never throws for bad
 * input: a file that cannot be read comes back with an `error` issue saying why.
 * @example (await readImportTable(bytes, 'stores.csv')).headers // ['名称', '地址', '经度', '纬度']
 */
export async function readImportTable(
  bytes: Uint8Array,
  fileName: string,
  options: ReadTableOptions = {},
): Promise<ImportTable> {
  const tooLarge = checkImportSize(bytes.byteLength, options.maxBytes)
  const guess = options.format ?? 'csv'
  if (tooLarge) return { ...failedTable(guess, 'file_too_large', ''), issues: [tooLarge] }
  if (bytes.byteLength === 0) return failedTable(guess, 'file_empty', 'the file is empty')
  let format = options.format
  if (!format) {
    const detected = detectImportFormat(bytes, fileName)
    if (!detected.ok) return failedTable(guess, 'file_format', detected.message)
    format = detected.format
  }
  try {
    switch (format) {
      case 'csv':
        return readCsvTable(bytes)
      // The workbook and Shapefile readers (and their libraries) load only when such a file
      // comes, keeping them out of the app's first download and the CLI's start-up.
      case 'xlsx':
        return await (await import('./read-xlsx-table.ts')).readXlsxTable(bytes)
      case 'geojson':
        return readGeoJsonTable(bytes)
      case 'shapefile':
        return (await import('./read-shapefile-table.ts')).readShapefileTable(bytes)
    }
  } catch (e) {
    // The readers catch what their libraries throw; this is the net under them.
    return failedTable(
      format,
      'file_unreadable',
      `the file cannot be read: ${e instanceof Error ? e.message : String(e)}`,
    )
  }
}

/** The final check of a record, mirroring the database's constraints on `facilities`. */
function recordSchema(categories: ReadonlySet<string>) {
  const text = (max: number) =>
    z.string().refine((s) => s.trim() !== '' && charLength(s) <= max, `at most ${max} characters`)
  return z.object({
    name: text(MAX_NAME_CHARS),
    category: z.string().refine((c) => categories.has(c), 'unknown category'),
    address: text(MAX_ADDRESS_CHARS).nullable(),
    phone: z.string().regex(PHONE_PATTERN).nullable(),
    hours: z
      .string()
      .refine((h) => parseHours(h).ok, 'not in the stored opening-hours form')
      .nullable(),
    capacity: z.number().int().min(0).max(MAX_CAPACITY).nullable(),
    operator: text(MAX_OPERATOR_CHARS).nullable(),
    inclusive: z.boolean(),
    status: z.enum(FACILITY_STATUSES as [string, ...string[]]),
    lon: z.number().min(-180).max(180),
    lat: z.number().min(-90).max(90),
    source_row: z.number().int().positive(),
  })
}

type RowOutcome =
  | { kind: 'record'; record: ImportRecord; raw: [number, number] }
  | { kind: 'rejected' }
  | { kind: 'no_coordinates'; draft: Omit<ImportRecord, 'lon' | 'lat'>; address: string | null }

interface RowContext {
  mapping: FieldMapping
  category: string | null
  categories: ReadonlySet<string>
  crs: ImportCrs
  issues: ImportIssue[]
}

const short = (v: unknown): string => {
  const s = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v))
  return s.length > 40 ? `${s.slice(0, 40)}…` : s
}

/** Reads one row into a record, pushing its issues; never throws. */
function buildRow(row: TableRow, ctx: RowContext): RowOutcome {
  const { mapping } = ctx
  const issues: ImportIssue[] = []
  const at = row.row
  const reject = (field: string, code: ImportIssue['code'], message: string) =>
    issues.push({ row: at, field, severity: 'rejected', code, message })
  const warn = (field: string, code: ImportIssue['code'], message: string) =>
    issues.push({ row: at, field, severity: 'warning', code, message })
  if (row.notARecord) {
    ctx.issues.push({
      row: at,
      field: 'feature',
      severity: 'rejected',
      code: 'geometry',
      message: row.notARecord,
    })
    return { kind: 'rejected' }
  }
  const get = (field: keyof FieldMapping): unknown => {
    const source = mapping[field]
    return source === undefined ? undefined : readSource(row.cells, source)
  }

  // Name: required; markup kept as text (the UI never renders it as HTML) but flagged.
  const name = cleanText(get('name'))
  if (name === undefined) reject('name', 'name_missing', 'the name is empty')
  else if (charLength(name) > MAX_NAME_CHARS)
    reject(
      'name',
      'too_long',
      `the name has ${charLength(name)} characters, more than ${MAX_NAME_CHARS}`,
    )
  else if (containsHtml(name))
    warn('name', 'html', 'the name contains HTML-like markup; it is kept as plain text')

  // Category: one for all rows, else the type column.
  let category: string | null = ctx.category
  if (category === null) {
    const cell = cleanText(get('category'))
    if (cell === undefined)
      reject(
        'category',
        'no_category',
        'no category: map a type (类型) column or choose one category for all rows',
      )
    else {
      category = categoryFromCell(cell, ctx.categories)
      if (category === null)
        reject(
          'category',
          'no_category',
          `unknown category "${short(cell)}" (known: ${[...ctx.categories].join(', ')})`,
        )
    }
  }

  const optionalText = (field: 'address' | 'operator', max: number): string | null => {
    const t = cleanText(get(field))
    if (t === undefined) return null
    if (charLength(t) > max) {
      warn(field, 'value_dropped', `${charLength(t)} characters, more than ${max}: left empty`)
      return null
    }
    if (containsHtml(t)) warn(field, 'html', 'contains HTML-like markup; kept as plain text')
    return t
  }
  const address = optionalText('address', MAX_ADDRESS_CHARS)
  const operator = optionalText('operator', MAX_OPERATOR_CHARS)

  let phone: string | null = null
  const phoneRaw = get('phone')
  if (cleanText(phoneRaw) !== undefined) {
    // Line breaks separate numbers: read the raw text, before whitespace is collapsed.
    const r = normalizePhone(typeof phoneRaw === 'string' ? phoneRaw : String(phoneRaw))
    if (r.value === null) warn('phone', 'value_dropped', `${r.problem}: left empty`)
    else {
      phone = r.value
      if ('note' in r && r.note) warn('phone', 'value_corrected', r.note)
    }
  }

  let hours: string | null = null
  const hoursText = cleanText(get('hours'))
  if (hoursText !== undefined) {
    const h = normalizeHours(hoursText)
    if (h.ok) hours = h.hours
    else
      warn(
        'hours',
        'hours_unparsed',
        `opening hours "${short(hoursText)}" not understood (${h.reason}): left empty`,
      )
  }

  let capacity: number | null = null
  const capRaw = get('capacity')
  if (cleanText(capRaw) !== undefined) {
    const c = parseCapacity(capRaw)
    if (c.value === null) warn('capacity', 'value_dropped', `${c.problem}: left empty`)
    else {
      capacity = c.value
      if ('note' in c && c.note) warn('capacity', 'value_corrected', c.note)
    }
  }

  let inclusive = false
  const incRaw = get('inclusive')
  if (cleanText(incRaw) !== undefined) {
    const r = parseInclusive(incRaw)
    if (r.value === null) warn('inclusive', 'value_dropped', `${r.problem}: taken as no`)
    else inclusive = r.value
  }

  let status: ImportRecord['status'] = 'open'
  const statusRaw = get('status')
  if (cleanText(statusRaw) !== undefined) {
    const r = parseStatus(statusRaw)
    if (r.value === null) warn('status', 'value_dropped', `${r.problem}: taken as open`)
    else status = r.value
  }

  // Position: mapped columns first, else the geometry.
  let lonRaw: unknown
  let latRaw: unknown
  let positionField = { lon: 'lon', lat: 'lat' }
  if (mapping.lon !== undefined || mapping.lat !== undefined) {
    lonRaw = get('lon')
    latRaw = get('lat')
  } else if (row.position) {
    lonRaw = row.position.lon
    latRaw = row.position.lat
    positionField = { lon: 'geometry', lat: 'geometry' }
  } else if (row.geometryProblem) {
    reject('geometry', 'geometry', row.geometryProblem)
  }
  const lonCell = readNumber(lonRaw)
  const latCell = readNumber(latRaw)
  let raw: [number, number] | null = null
  let noCoordinates = false
  if (!row.geometryProblem || mapping.lon !== undefined || mapping.lat !== undefined) {
    if (lonCell.kind === 'missing' && latCell.kind === 'missing') noCoordinates = true
    else {
      for (const [field, cell] of [
        ['lon', lonCell],
        ['lat', latCell],
      ] as const) {
        if (cell.kind === 'missing')
          reject(
            positionField[field],
            'invalid',
            `${field === 'lon' ? 'longitude' : 'latitude'} is missing`,
          )
        else if (cell.kind === 'invalid')
          reject(
            positionField[field],
            'invalid',
            `${field === 'lon' ? 'longitude' : 'latitude'} "${short(cell.raw)}" is not a number`,
          )
      }
      if (lonCell.kind === 'number' && latCell.kind === 'number') {
        const x = lonCell.value
        const y = latCell.value
        if (!inChina(x, y) && inChina(y, x)) {
          reject(
            positionField.lon,
            'swapped',
            `(${x}, ${y}) looks like latitude and longitude swapped: swap the lon/lat columns in the mapping`,
          )
        } else if (Math.abs(x) > 180 || Math.abs(y) > 90) {
          reject(
            positionField.lon,
            'out_of_range',
            `(${short(x)}, ${short(y)}) is not longitude/latitude in degrees${Math.abs(x) > 1000 ? ' (projected metres? convert to WGS-84 longitude/latitude)' : ''}`,
          )
        } else {
          raw = [x, y]
        }
      }
    }
  }

  let wgs: [number, number] | null = null
  if (raw) {
    wgs = toWgs84(raw[0], raw[1], ctx.crs)
    if (!inChina(wgs[0], wgs[1])) {
      reject(positionField.lon, 'outside_china', `(${raw[0]}, ${raw[1]}) lies outside China`)
      wgs = null
    }
  }

  const rejected = issues.some((i) => i.severity === 'rejected')
  for (const issue of issues) ctx.issues.push(issue)
  if (rejected || name === undefined || category === null) return { kind: 'rejected' }
  const draft = {
    name,
    category,
    address,
    phone,
    hours,
    capacity,
    operator,
    inclusive,
    status,
    source_row: at,
  }
  if (noCoordinates) return { kind: 'no_coordinates', draft, address }
  if (!wgs || !raw) return { kind: 'rejected' }
  return { kind: 'record', record: { ...draft, lon: wgs[0], lat: wgs[1] }, raw }
}

const emptyCounts = (rows: number) => ({
  rows,
  accepted: 0,
  rejected: 0,
  skipped: 0,
  duplicatesInFile: 0,
  duplicatesExisting: 0,
  noCoordinates: 0,
  withWarnings: 0,
})

/**
 * Maps, converts, validates and de-duplicates the rows of a table read by
 * {@link readImportTable}. Rows without coordinates are skipped and reported (or geocoded when
 * a geocoder is given); unparseable opening hours and other optional values are dropped with a
 * warning, never failing the row.
 * @example const { records, report } = await importTable(table, { category: 'store', crs: 'gcj02' })
 */
export async function importTable(
  table: ImportTable,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const crs = options.crs ?? 'wgs84'
  const automatic = options.mapping === undefined
  const mapping = options.mapping ?? suggestMapping(table.headers)
  const report: ImportReport = {
    source: options.source ?? 'file',
    format: table.format,
    encoding: table.encoding,
    crs,
    headers: table.headers,
    mapping,
    mappingAutomatic: automatic,
    counts: emptyCounts(table.rows.length),
    issues: [...table.issues],
    notes: [...table.notes],
    offsetHint: null,
    ok: true,
  }
  const fail = (issues: ImportIssue[]): ImportResult => {
    for (const issue of issues) report.issues.push(issue)
    report.ok = false
    return { records: [], report }
  }
  if (table.issues.some((i) => i.severity === 'error')) return fail([])

  const categories = new Set(options.categories ?? BASE_CATEGORIES.map((c) => c.code))
  let category: string | null = null
  if (options.category !== undefined) {
    category = categoryFromCell(options.category, categories)
    if (category === null)
      return fail([
        {
          row: null,
          field: 'category',
          severity: 'error',
          code: 'no_category',
          message: `unknown category "${short(options.category)}" (known: ${[...categories].join(', ')})`,
        },
      ])
  }
  if (!automatic) {
    const unknown = checkMappingColumns(mapping, table.headers)
    if (unknown.length) return fail(unknown)
  }
  const fileIssues: ImportIssue[] = []
  if (mapping.name === undefined)
    fileIssues.push({
      row: null,
      field: 'name',
      severity: 'error',
      code: 'mapping_invalid',
      message: `no column for the name (columns: ${table.headers.join(', ') || 'none'}); give a mapping such as { "name": "机构名称" }`,
    })
  const hasPosition = table.rows.some((r) => r.position !== null || r.geometryProblem !== undefined)
  if (!hasPosition && (mapping.lon === undefined || mapping.lat === undefined))
    fileIssues.push({
      row: null,
      field: 'lon',
      severity: 'error',
      code: 'mapping_invalid',
      message: `no longitude/latitude columns (columns: ${table.headers.join(', ') || 'none'}); give a mapping such as { "lon": "经度", "lat": "纬度" }`,
    })
  if (fileIssues.length) return fail(fileIssues)
  if (table.rows.length === 0)
    return fail([fileIssue('no_rows', 'the file has a header but no data rows')])

  const rowIssues: ImportIssue[] = []
  const ctx: RowContext = { mapping, category, categories, crs, issues: rowIssues }
  const outcomes = table.rows.map((r) => buildRow(r, ctx))

  // Geocoding, only with a provider: rows without coordinates but with an address.
  if (options.geocoder) {
    for (let i = 0; i < outcomes.length; i++) {
      const o = outcomes[i]!
      if (o.kind !== 'no_coordinates' || !o.address) continue
      let hit: Awaited<ReturnType<Geocoder['geocode']>>
      try {
        hit = await options.geocoder.geocode({ address: o.address, name: o.draft.name })
      } catch {
        // A provider failing on one address leaves that row unplaced, as not found would.
        hit = null
      }
      if (!hit || !Number.isFinite(hit.lon) || !Number.isFinite(hit.lat)) continue
      const [lon, lat] = toWgs84(hit.lon, hit.lat, hit.crs)
      if (!inChina(lon, lat)) continue
      rowIssues.push({
        row: o.draft.source_row,
        field: 'lon',
        severity: 'warning',
        code: 'geocoded',
        message: `no coordinates: placed from the address by ${options.geocoder.name}`,
      })
      outcomes[i] = { kind: 'record', record: { ...o.draft, lon, lat }, raw: [lon, lat] }
    }
  }

  const schema = recordSchema(categories)
  const candidates: { record: ImportRecord; raw: [number, number] }[] = []
  for (const o of outcomes) {
    if (o.kind === 'no_coordinates') {
      report.counts.noCoordinates++
      rowIssues.push({
        row: o.draft.source_row,
        field: 'lon',
        severity: 'skipped',
        code: 'no_coordinates',
        message: o.address
          ? 'no coordinates (the row has an address; geocoding is off)'
          : 'no coordinates',
      })
    } else if (o.kind === 'record') {
      const checked = schema.safeParse(o.record)
      if (checked.success) candidates.push({ record: o.record, raw: o.raw })
      else {
        for (const issue of checked.error.issues)
          rowIssues.push({
            row: o.record.source_row,
            field: String(issue.path[0] ?? 'row'),
            severity: 'rejected',
            code: 'invalid',
            message: issue.message,
          })
      }
    }
  }

  const dups = findDuplicates(
    candidates.map((c) => c.record),
    options.existing ?? [],
    options.duplicateDistanceM ?? DUPLICATE_DISTANCE_M,
  )
  const records: ImportRecord[] = []
  candidates.forEach((c, i) => {
    const d = dups[i]
    if (!d) {
      records.push(c.record)
      return
    }
    if ('index' in d) {
      const first = candidates[d.index]!.record
      report.counts.duplicatesInFile++
      rowIssues.push({
        row: c.record.source_row,
        field: 'name',
        severity: 'skipped',
        code: 'duplicate_in_file',
        message: `duplicate of row ${first.source_row} ("${short(first.name)}"): same name within ${options.duplicateDistanceM ?? DUPLICATE_DISTANCE_M} m or same address`,
        duplicateOf: { row: first.source_row },
      })
    } else {
      report.counts.duplicatesExisting++
      const label = d.existing.id ?? d.existing.name
      rowIssues.push({
        row: c.record.source_row,
        field: 'name',
        severity: 'skipped',
        code: 'duplicate_existing',
        message: `already stored as "${short(d.existing.name)}"${d.existing.id ? ` (${d.existing.id})` : ''}: same name within ${options.duplicateDistanceM ?? DUPLICATE_DISTANCE_M} m or same address`,
        duplicateOf: { existing: label },
      })
    }
  })

  const references =
    options.references ?? (options.existing ?? []).map((e) => [e.lon, e.lat] as const)
  const offset = checkOffset(
    candidates.map((c) => c.raw),
    crs,
    references,
  )
  report.offsetHint = offset.hint
  if (offset.hint) report.notes.push(offset.hint)

  rowIssues.sort((a, b) => (a.row ?? 0) - (b.row ?? 0))
  // One by one: spreading a few hundred thousand issues into push() overflows the stack.
  for (const issue of rowIssues) report.issues.push(issue)
  const rejectedRows = new Set(rowIssues.filter((i) => i.severity === 'rejected').map((i) => i.row))
  const warnedRows = new Set(records.map((r) => r.source_row))
  report.counts.accepted = records.length
  report.counts.rejected = rejectedRows.size
  report.counts.skipped =
    report.counts.noCoordinates + report.counts.duplicatesInFile + report.counts.duplicatesExisting
  report.counts.withWarnings = new Set(
    rowIssues
      .filter((i) => i.severity === 'warning' && warnedRows.has(i.row ?? -1))
      .map((i) => i.row),
  ).size
  // A file where most positions look swapped or projected says so once, at the top.
  const share = (code: ImportIssue['code']) =>
    rowIssues.filter((i) => i.code === code).length / Math.max(1, table.rows.length)
  if (share('swapped') > 0.5)
    report.notes.push(
      'most rows have latitude and longitude swapped: check which column is which in the mapping',
    )
  if (share('out_of_range') > 0.5)
    report.notes.push(
      'most positions are not longitude/latitude degrees: the file may be in a projected system (metres)',
    )
  return { records, report }
}

/**
 * Reads and imports a file in one step (see {@link readImportTable} and {@link importTable}).
 * @example const { records, report } = await importFile(bytes, '托育点.csv', { category: 'childcare' })
 */
export async function importFile(
  bytes: Uint8Array,
  fileName: string,
  options: ImportOptions & ReadTableOptions = {},
): Promise<ImportResult> {
  const table = await readImportTable(bytes, fileName, options)
  return importTable(table, { source: fileName, ...options })
}

/** One issue as a line: `stores.csv row 12, field "lon": rejected — … `. */
export function formatImportIssue(source: string, issue: ImportIssue, rowLabel = 'row'): string {
  const where = issue.row === null ? '' : ` ${rowLabel} ${issue.row}`
  return `${source}${where}, field "${issue.field}": ${issue.severity} — ${issue.message}`
}
