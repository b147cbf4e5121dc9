import { parseArgs } from 'node:util'
import { IMPORT_CRS, type ImportCrs } from '../../web/src/core/io/import/import-types.ts'

export const IMPORT_USAGE = `lifecircle import — load facilities (老年食堂·助餐点, 托育点, 健身点, 便利店 …) from a file.

Usage:
  npm run import -- --file FILE [options]

Input:
  --file FILE            CSV (UTF-8 with or without BOM, or GBK/GB18030), XLSX, GeoJSON, or a zipped
                         Shapefile (.zip with .shp/.dbf, .prj and .cpg when present)
  --category C           one category for every row (canteen, childcare, fitness, store, or a name
                         such as 便利店); without it a 类型/type column decides per row
  --mapping M.json       which column feeds which field, e.g.
                         { "name": "機構名稱", "lon": "經度", "lat": "緯度", "phone": ["市話", "手機"],
                           "category": { "value": "childcare" } }; without it headers are matched
                         automatically (名称/地址/经度/纬度/类型/电话/营业时间 … and English)
  --crs wgs84|gcj02|bd09 the file's coordinate system (default wgs84); GCJ-02 is AMap/Tencent,
                         BD-09 Baidu; records are stored in WGS-84
  --max-mb N             refuse files over N MB before reading them (default 50)

Output:
  --dry-run              check and report only; nothing is stored
  --out F.geojson        write the accepted records as GeoJSON Points (WGS-84; properties name,
                         category, address, phone, source_row)
  --json                 print the full report as JSON on stdout
  --verbose              list every warning, not only a summary per field

Storing (without --dry-run):
  --database-url URL     PostgreSQL connection (default: the DATABASE_URL environment variable)
  --as EMAIL             the user the import runs as; the database's rules for that user apply
  --source TEXT          where the records came from, kept with each record (default: file name)

Every rejected or skipped row is listed with its row number and reason. Exit status: 0 done,
2 bad arguments or input (nothing stored), 1 the database failed.
`

export class ImportArgsError extends Error {
  override name = 'ImportArgsError'
}

export interface ImportArgs {
  help: boolean
  file: string
  category?: string
  mapping?: string
  crs: ImportCrs
  dryRun: boolean
  out?: string
  json: boolean
  verbose: boolean
  databaseUrl?: string
  as?: string
  source?: string
  maxBytes: number
}

/**
 * Parses the import CLI's arguments; throws {@link ImportArgsError} naming the bad one.
 * @example parseImportArgs(['--file', 'a.csv', '--dry-run']).dryRun // true
 */
export function parseImportArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): ImportArgs {
  let values
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        help: { type: 'boolean', short: 'h' },
        file: { type: 'string' },
        category: { type: 'string' },
        mapping: { type: 'string' },
        crs: { type: 'string' },
        'dry-run': { type: 'boolean' },
        out: { type: 'string' },
        json: { type: 'boolean' },
        verbose: { type: 'boolean' },
        'database-url': { type: 'string' },
        as: { type: 'string' },
        source: { type: 'string' },
        'max-mb': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }).values
  } catch (e) {
    throw new ImportArgsError((e as Error).message)
  }
  if (values.help)
    return {
      help: true,
      file: '',
      crs: 'wgs84',
      dryRun: true,
      json: false,
      verbose: false,
      maxBytes: 0,
    }
  if (!values.file) throw new ImportArgsError('--file is required')
  const crs = (values.crs ?? 'wgs84').toLowerCase().replace(/[-_]/g, '')
  if (!IMPORT_CRS.includes(crs as ImportCrs))
    throw new ImportArgsError(`--crs must be one of ${IMPORT_CRS.join(', ')}, got "${values.crs}"`)
  let maxBytes = 50 * 1024 * 1024
  if (values['max-mb'] !== undefined) {
    const t = values['max-mb']
    if (!/^\d+(\.\d+)?$/.test(t) || Number(t) <= 0)
      throw new ImportArgsError(`--max-mb must be a positive number of megabytes, got "${t}"`)
    maxBytes = Math.floor(Number(t) * 1024 * 1024)
  }
  const dryRun = values['dry-run'] ?? false
  const databaseUrl = values['database-url'] ?? (env.DATABASE_URL || undefined)
  if (!dryRun) {
    if (!databaseUrl)
      throw new ImportArgsError(
        'nothing to store into: give --database-url (or set DATABASE_URL), or check the file with --dry-run',
      )
    if (!values.as)
      throw new ImportArgsError('--as EMAIL is required to store: the import runs as that user')
  }
  if (values.out !== undefined && !/\.(geo)?json$/i.test(values.out))
    throw new ImportArgsError(`--out must name a .geojson file, got "${values.out}"`)
  return {
    help: false,
    file: values.file,
    category: values.category,
    mapping: values.mapping,
    crs: crs as ImportCrs,
    dryRun,
    out: values.out,
    json: values.json ?? false,
    verbose: values.verbose ?? false,
    databaseUrl,
    as: values.as,
    source: values.source,
    maxBytes,
  }
}
