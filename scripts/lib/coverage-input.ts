import { open } from 'node:fs/promises'
import type { MultiPolygon, Polygon, Position } from 'geojson'
import { basename } from 'node:path'
import type { CoverageInput, FacilityFeature } from '../../web/src/core/coverage/types.ts'
import { decodeText } from '../../web/src/core/io/import/decode-text.ts'
import { toWgs84 } from '../../web/src/core/io/import/import-coordinates.ts'
import type { ImportCrs } from '../../web/src/core/io/import/import-types.ts'
import { InputError, type InputIssue } from '../../web/src/core/io/input-issue.ts'
import { DEFAULT_MAX_INPUT_CHARS } from '../../web/src/core/io/parse-geojson.ts'
import { readCommunities, readPopulationLayer } from '../../web/src/core/io/read-communities.ts'
import { readFacilities } from '../../web/src/core/io/read-facilities.ts'
import { categorySettings, type CoverageArgs } from './coverage-args.ts'

/** A file that cannot be read at all (missing, too large): reported like bad input. */
export class FileError extends Error {}

/**
 * Most bytes an input file may have, checked before it is read: the readers' character limit
 * (GeoJSON is nearly all ASCII, one byte a character). Three times that, as before, let a
 * 600 MB file be read into memory only to be refused, and past ~536 M characters V8 cannot
 * even hold it as one string.
 */
export const MAX_INPUT_BYTES = DEFAULT_MAX_INPUT_CHARS

/**
 * Reads a text input file: a regular file (a directory, device or pipe is refused: their size
 * reads 0, and /dev/zero never ends) within the size limit, decoded as UTF-8 (with or without a
 * byte-order mark) or else GB18030/GBK, which is noted; other bytes are refused with the reason.
 */
async function readText(path: string, notes: InputIssue[]): Promise<string> {
  const fail = (why: string): never => {
    throw new FileError(`${path}: ${why}`)
  }
  let handle
  try {
    handle = await open(path, 'r')
  } catch (e) {
    return fail(`cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`)
  }
  try {
    const st = await handle.stat()
    if (!st.isFile()) {
      const kind = st.isDirectory() ? 'a directory' : st.isFIFO() ? 'a pipe' : 'a device or socket'
      fail(`is ${kind}, not a regular file`)
    }
    if (st.size > MAX_INPUT_BYTES)
      fail(
        `${(st.size / 1e6).toFixed(0)} MB is too large (at most ${MAX_INPUT_BYTES / 1e6} MB); nothing of it was read`,
      )
    const bytes = await handle.readFile()
    const decoded = decodeText(bytes)
    if (!decoded.ok) return fail(decoded.message)
    if (decoded.encoding === 'gb18030') {
      notes.push({
        source: path,
        where: 'file',
        field: 'encoding',
        message: 'not UTF-8: read as GB18030 (GBK)',
        severity: 'warning',
      })
    }
    return decoded.text
  } finally {
    await handle.close()
  }
}

/** Every position of a (multi)polygon, read in `crs`, as WGS-84 degrees. */
function polygonalToWgs84(g: Polygon | MultiPolygon, crs: ImportCrs): Polygon | MultiPolygon {
  const ring = (r: Position[]) => r.map(([x, y]) => toWgs84(x!, y!, crs))
  return g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: g.coordinates.map(ring) }
    : { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(ring)) }
}

/**
 * Reads and checks every input file named in the arguments; positions given in GCJ-02 or BD-09
 * (`--crs`) are converted to WGS-84 after the checks (the offsets are under 2 km).
 */
export async function loadCoverageInput(
  args: CoverageArgs,
): Promise<{ input: CoverageInput; issues: InputIssue[] }> {
  const region = args.region === 'any' ? null : undefined
  const issues: InputIssue[] = []
  const communities = readCommunities(await readText(args.communities, issues), {
    source: args.communities,
    fields: args.communityFields,
    region,
  })
  issues.push(...communities.issues)
  const facilities: FacilityFeature[] = []
  for (const file of args.facilities) {
    const text = await readText(file.path, issues)
    const r = readFacilities(text, {
      source: file.path,
      // By the name when it says (a damaged .geojson is not read as CSV), else by the content.
      format: /\.csv$/i.test(file.path)
        ? 'csv'
        : /\.(geo)?json$/i.test(file.path)
          ? 'geojson'
          : undefined,
      fields: args.facilityFields,
      category: file.category,
      idPrefix: file.category
        ? `${file.category}-${basename(file.path).replace(/\.[^.]*$/, '')}`
        : undefined,
      region,
    })
    if (r.features.length === 0) {
      const skipped = r.issues.filter((i) => i.severity === 'skipped').length
      throw new InputError([
        ...r.issues,
        {
          source: file.path,
          where: 'file',
          field: 'rows',
          message:
            skipped > 0
              ? `no usable facility: all ${skipped} row(s) were skipped`
              : 'no facility rows (the file is empty or has only a header)',
          severity: 'error',
        },
      ])
    }
    facilities.push(...r.features)
    issues.push(...r.issues)
  }
  const seen = new Map<string, string>()
  const dupes: InputIssue[] = []
  for (const f of facilities) {
    const key = `${f.properties.category}\u0000${f.properties.id}`
    if (seen.has(key)) {
      dupes.push({
        source: 'facilities',
        where: `id ${f.properties.id}`,
        field: 'id',
        message: `duplicate ${f.properties.category} id across files (${seen.get(key)})`,
        severity: 'error',
      })
    } else seen.set(key, f.properties.category)
  }
  if (dupes.length > 0) throw new InputError(dupes)
  if (args.crs !== undefined && args.crs !== 'wgs84') {
    const crs = args.crs
    for (const f of communities.features) f.geometry = polygonalToWgs84(f.geometry, crs)
    for (const f of facilities) {
      const [x, y] = f.geometry.coordinates as [number, number]
      f.geometry = { type: 'Point', coordinates: toWgs84(x, y, crs) }
    }
  }
  const input: CoverageInput = {
    communities: communities.features,
    facilities,
    settings: {
      categories: categorySettings(
        args,
        facilities.map((f) => f.properties.category),
      ),
      method: args.method,
      count_statuses: args.statuses,
    },
  }
  if (args.cell_m !== undefined) input.settings.cell_m = args.cell_m
  if (args.min_gap_area_m2 !== undefined) input.settings.min_gap_area_m2 = args.min_gap_area_m2
  if (args.population !== undefined) {
    const pop = readPopulationLayer(await readText(args.population, issues), {
      source: args.population,
      region,
    })
    input.population =
      args.crs !== undefined && args.crs !== 'wgs84'
        ? pop.features.map((f) => ({ ...f, geometry: polygonalToWgs84(f.geometry, args.crs!) }))
        : pop.features
    issues.push(...pop.issues)
  }
  return { input, issues }
}
