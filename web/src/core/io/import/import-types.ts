/**
 * The shapes the facility importer hands to its callers (the editor's import screen and the
 * import CLI): what a file was read as, the records that may be stored, and a report that names
 * the row and field of every problem.
 */
import type { FacilityStatus } from '../../catalog/categories.ts'

/** File kinds the importer reads. */
export type ImportFormat = 'csv' | 'xlsx' | 'geojson' | 'shapefile'

/** Coordinate systems a file's positions may be in; records are always stored in WGS-84. */
export type ImportCrs = 'wgs84' | 'gcj02' | 'bd09'

export const IMPORT_CRS: readonly ImportCrs[] = ['wgs84', 'gcj02', 'bd09']

/** The record fields a column can be mapped to. */
export const IMPORT_FIELDS = [
  'name',
  'category',
  'address',
  'lon',
  'lat',
  'phone',
  'hours',
  'capacity',
  'operator',
  'inclusive',
  'status',
] as const

export type ImportField = (typeof IMPORT_FIELDS)[number]

/**
 * Where a field's value comes from: a column; the first non-empty of several columns; several
 * columns joined (e.g. company and branch name); or one value for every row.
 */
export type FieldSource =
  string | string[] | { join: string[]; separator?: string } | { value: string | number | boolean }

/** Field → source. Fields left out are not read. */
export type FieldMapping = Partial<Record<ImportField, FieldSource>>

/**
 * How bad a problem is:
 * `error` — the whole file cannot be read (nothing of it is imported);
 * `rejected` — this row is invalid and left out;
 * `skipped` — this row is valid but not imported (duplicate, no coordinates);
 * `warning` — the row is imported, a value was dropped or corrected as the message says.
 */
export type ImportSeverity = 'error' | 'rejected' | 'skipped' | 'warning'

/** Stable codes, for a UI that words its own messages (zh-CN / en). */
export type ImportIssueCode =
  | 'file_too_large'
  | 'file_empty'
  | 'file_encoding'
  | 'file_format'
  | 'file_unreadable'
  | 'no_rows'
  | 'mapping_invalid'
  | 'mapping_unknown_column'
  | 'name_missing'
  | 'no_category'
  | 'no_coordinates'
  | 'invalid'
  | 'too_long'
  | 'swapped'
  | 'outside_china'
  | 'out_of_range'
  | 'geometry'
  | 'html'
  | 'hours_unparsed'
  | 'value_dropped'
  | 'value_corrected'
  | 'geocoded'
  | 'duplicate_in_file'
  | 'duplicate_existing'

export interface ImportIssue {
  /** The row (CSV/XLSX: spreadsheet row, header = 1) or feature (1-based); null for the file. */
  row: number | null
  /** Record field (`name`, `lon` …), or `file`, `geometry`, `mapping`. */
  field: string
  severity: ImportSeverity
  code: ImportIssueCode
  /** English, naming the value where it helps; the UI may word its own from `code`. */
  message: string
  /** For duplicates: the row this one repeats, or the existing record's id / name. */
  duplicateOf?: { row: number } | { existing: string }
}

/** One facility ready to store: WGS-84 degrees, values normalised to what the database accepts. */
export interface ImportRecord {
  name: string
  category: string
  address: string | null
  phone: string | null
  /** The stored opening-hours grammar (`core/catalog/opening-hours.ts`), or null. */
  hours: string | null
  capacity: number | null
  operator: string | null
  inclusive: boolean
  status: FacilityStatus
  /** WGS-84 longitude, degrees. */
  lon: number
  /** WGS-84 latitude, degrees. */
  lat: number
  /** The row or feature number the record came from (see {@link ImportIssue.row}). */
  source_row: number
}

/** A record already stored, for duplicate checks (same name within 50 m, or same address). */
export interface ExistingFacility {
  id?: string
  name: string
  address?: string | null
  category?: string | null
  /** WGS-84 degrees. */
  lon: number
  lat: number
}

/** A pluggable address geocoder; none is built in and none is used unless one is passed. */
export interface Geocoder {
  /** Shown in the report, e.g. the service's name. */
  readonly name: string
  /** A position for an address, in the CRS it states; null when the address is not found. */
  geocode(query: {
    address: string
    name?: string
  }): Promise<{ lon: number; lat: number; crs: ImportCrs } | null>
}

export interface ImportCounts {
  /** Data rows or features read. */
  rows: number
  /** Valid records returned, to be added. */
  accepted: number
  /** Rows left out as invalid. */
  rejected: number
  /** Valid rows left out: duplicates and rows without coordinates. */
  skipped: number
  duplicatesInFile: number
  duplicatesExisting: number
  noCoordinates: number
  /** Rows imported with at least one warning. */
  withWarnings: number
}

export interface ImportReport {
  /** File name or label. */
  source: string
  format: ImportFormat | null
  /** How text was decoded: `utf-8`, `utf-8 (BOM)`, `gb18030`; null for binary formats without text. */
  encoding: string | null
  /** The coordinate system the positions were read in (converted to WGS-84). */
  crs: ImportCrs
  /** Column names as read. */
  headers: string[]
  /** The mapping used (automatic or given). */
  mapping: FieldMapping
  /** Whether the mapping was found automatically. */
  mappingAutomatic: boolean
  counts: ImportCounts
  /** Every problem, file-level first, then by row. */
  issues: ImportIssue[]
  /** Notes about the file as a whole (the .prj's CRS, the DBF encoding, an offset hint). */
  notes: string[]
  /** A hint that the points look shifted, e.g. GCJ-02 declared as WGS-84; null when none. */
  offsetHint: string | null
  /** False when the file could not be read at all (an `error` issue says why). */
  ok: boolean
}

export interface ImportResult {
  records: ImportRecord[]
  report: ImportReport
}
