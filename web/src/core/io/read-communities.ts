import type { MultiPolygon, Polygon } from 'geojson'
import type { CommunityFeature, PopulationFeature } from '../coverage/types.ts'
import { ringCrossing } from '../coverage/ring-crossing.ts'
import { containsHtml, findField, readNumber, readText } from './field-values.ts'
import { throwIfErrors, type InputIssue, type ReadResult } from './input-issue.ts'
import { CHINA_BBOX, type BBox } from './lng-lat-check.ts'
import { normalizePolygonal, parseGeoJson, type RawFeature } from './parse-geojson.ts'

/**
 * Most people a community or population block may hold: about ten times the most populous
 * city's, so only a broken value (1e308, an overflowed sum) is refused.
 */
export const MAX_COUNT = 300_000_000

/**
 * Which properties hold each community field. A population field may be a list of properties
 * that are added up, e.g. Taipei's age bands `['A0A14_CNT', 'A15A64_CNT', 'A65UP_CNT']`.
 */
export interface CommunityFields {
  id: string
  name: string
  population: string | readonly string[]
  population_elderly: string | readonly string[]
  population_infants: string | readonly string[]
}

/** Names tried, in order, for fields not mapped explicitly. */
export const COMMUNITY_FIELD_CANDIDATES: Readonly<
  Record<keyof CommunityFields, readonly string[]>
> = {
  id: [
    'id',
    'code',
    'community_id',
    'V_ID',
    'CODE2',
    'CODEBASE',
    '行政区划代码',
    '代碼',
    '代码',
    '編號',
    '编号',
  ],
  name: ['name', '名稱', '名称', 'community', '社区', '社區', 'VILLAGE', '里', '村里'],
  population: [
    'population',
    'pop',
    'P_CNT',
    'total_population',
    '人口',
    '人口數',
    '人口数',
    '总人口',
    '總人口',
  ],
  population_elderly: [
    'population_elderly',
    'elderly',
    'pop_65',
    'pop65',
    'A65UP_CNT',
    '老年人口',
    '65岁以上',
    '65歲以上',
  ],
  population_infants: [
    'population_infants',
    'infants',
    'pop_0_3',
    'pop03',
    '婴幼儿',
    '嬰幼兒',
    '0-3岁',
    '0-3歲',
  ],
}

export interface ReadCommunitiesOptions {
  source?: string
  fields?: Partial<CommunityFields>
  /** Where positions must lie, degrees; `null` only checks ±180/±90. Default China incl. Taiwan. */
  region?: BBox | null
  maxChars?: number
}

/**
 * Reads community polygons (GeoJSON Polygon / MultiPolygon; holes, heights, clockwise rings
 * tolerated) with `id`, `name`, `population` and optionally 65+ and 0–3 counts, mapping
 * properties by name or explicitly. Counts may be numeric strings. A missing 65+ or 0–3
 * figure becomes `null` (the coverage engine then falls back to the total and says so).
 * Any bad feature rejects the file with an `InputError` naming every feature and property at
 * fault: missing or invalid geometry, missing/negative population, duplicate ids, HTML in names.
 * @example readCommunities(text, { source: 'villages.geojson', fields: { id: 'V_ID', population: ['A0A14_CNT', 'A15A64_CNT', 'A65UP_CNT'] } })
 */
export function readCommunities(
  text: string,
  options: ReadCommunitiesOptions = {},
): ReadResult<CommunityFeature> {
  const source = options.source ?? 'communities'
  const raw = parseGeoJson(text, { source, maxChars: options.maxChars })
  const fields = resolveFields(raw, COMMUNITY_FIELD_CANDIDATES, options.fields)
  const issues: InputIssue[] = []
  if (raw.length === 0)
    issues.push({
      source,
      where: 'file',
      field: 'features',
      message: 'no communities in the file',
      severity: 'error',
    })
  requireField(fields, 'id', source, issues)
  requireField(fields, 'population', source, issues)
  checkExplicit(raw, options.fields, source, issues)
  throwIfErrors(issues)

  const firstOfId = new Map<string, string>()
  const out: CommunityFeature[] = []
  for (const f of raw) {
    const where = `feature ${f.index}`
    const err = (field: string, message: string): void => {
      issues.push({ source, where, field, message, severity: 'error' })
    }
    const geometry = readPolygon(f, options.region, source, issues)
    const get = (k: string | readonly string[] | undefined): unknown =>
      typeof k === 'string' ? f.properties[k] : undefined
    const id = readText(get(fields.id))
    if (id === undefined) err(fields.id as string, 'empty id')
    else if (containsHtml(id)) err(fields.id as string, 'HTML is not allowed in ids')
    else if (firstOfId.has(id))
      err(fields.id as string, `duplicate id "${id}" (also ${firstOfId.get(id)})`)
    else firstOfId.set(id, where)
    const name = readText(get(fields.name)) ?? id
    if (name !== undefined && containsHtml(name))
      err(
        fields.name as string,
        `HTML is not allowed in names (${JSON.stringify(name.slice(0, 60))})`,
      )
    const population = readCount(f, fields.population, true, err)
    const elderly = readCount(f, fields.population_elderly, false, err)
    const infants = readCount(f, fields.population_infants, false, err)
    if (geometry && id !== undefined && name !== undefined && population !== null) {
      out.push({
        type: 'Feature',
        geometry,
        properties: {
          id,
          name,
          population,
          population_elderly: elderly,
          population_infants: infants,
        },
      })
    }
  }
  throwIfErrors(issues)
  return { features: out, issues }
}

/** Properties of the finer population layer. */
export type PopulationFields = Pick<
  CommunityFields,
  'population' | 'population_elderly' | 'population_infants'
>

/**
 * Reads the finer population layer (census blocks, building footprints): polygons with a
 * population count and optionally 65+ and 0–3 counts. Errors as in {@link readCommunities}.
 * @example readPopulationLayer(text, { source: 'blocks.geojson', fields: { population: 'P_CNT' } }).features.length
 */
export function readPopulationLayer(
  text: string,
  options: Omit<ReadCommunitiesOptions, 'fields'> & { fields?: Partial<PopulationFields> } = {},
): ReadResult<PopulationFeature> {
  const source = options.source ?? 'population'
  const raw = parseGeoJson(text, { source, maxChars: options.maxChars })
  const fields = resolveFields(raw, COMMUNITY_FIELD_CANDIDATES, options.fields)
  const issues: InputIssue[] = []
  requireField(fields, 'population', source, issues)
  checkExplicit(raw, options.fields, source, issues)
  throwIfErrors(issues)
  const out: PopulationFeature[] = []
  for (const f of raw) {
    const err = (field: string, message: string): void => {
      issues.push({ source, where: `feature ${f.index}`, field, message, severity: 'error' })
    }
    const geometry = readPolygon(f, options.region, source, issues)
    const population = readCount(f, fields.population, true, err)
    const elderly = readCount(f, fields.population_elderly, false, err)
    const infants = readCount(f, fields.population_infants, false, err)
    if (geometry && population !== null) {
      out.push({
        type: 'Feature',
        geometry,
        properties: { population, population_elderly: elderly, population_infants: infants },
      })
    }
  }
  throwIfErrors(issues)
  return { features: out, issues }
}

function readPolygon(
  f: RawFeature,
  region: BBox | null | undefined,
  source: string,
  issues: InputIssue[],
): Polygon | MultiPolygon | undefined {
  const where = `feature ${f.index}`
  const check = normalizePolygonal(f.geometry, region === undefined ? CHINA_BBOX : region)
  if (!check.ok) {
    issues.push({ source, where, field: 'geometry', message: check.message, severity: 'error' })
    return undefined
  }
  for (const w of check.warnings)
    issues.push({ source, where, field: 'geometry', message: w, severity: 'warning' })
  const polys =
    check.geometry.type === 'Polygon' ? [check.geometry.coordinates] : check.geometry.coordinates
  polys.forEach((rings, p) => {
    rings.forEach((ring, r) => {
      const hit = ringCrossing(ring)
      if (!hit) return
      const [x, y] = ring[hit[1]]!
      const pl = polys.length > 1 ? `polygon ${p} ` : ''
      issues.push({
        source,
        where,
        field: 'geometry',
        message: `${pl}ring ${r} crosses itself (edges ${hit[0]} and ${hit[1]}, near ${x!.toFixed(5)}, ${y!.toFixed(5)}): its area and coverage shares are not meaningful (a bow-tie's halves cancel to 0); fix the boundary`,
        severity: 'warning',
      })
    })
  })
  return check.geometry
}

/** A count (≥ 0), or the sum of several; `null` when absent and not required. */
function readCount(
  f: RawFeature,
  field: string | readonly string[] | undefined,
  required: boolean,
  err: (field: string, message: string) => void,
): number | null {
  if (field === undefined) return null
  const parts = typeof field === 'string' ? [field] : field
  let sum = 0
  for (const p of parts) {
    const cell = readNumber(f.properties[p])
    if (cell.kind === 'missing') {
      if (required) err(p, 'population is missing')
      return null
    }
    if (cell.kind === 'invalid') {
      err(p, `not a number ("${cell.raw}")`)
      return null
    }
    if (cell.value < 0) {
      err(p, `negative count (${cell.value})`)
      return null
    }
    if (cell.value > MAX_COUNT) {
      err(
        p,
        `${cell.value} people is not a plausible count (at most ${MAX_COUNT.toLocaleString('en')})`,
      )
      return null
    }
    sum += cell.value
  }
  return sum
}

function resolveFields<K extends string>(
  raw: readonly RawFeature[],
  candidates: Readonly<Record<K, readonly string[]>>,
  explicit: Partial<Record<K, string | readonly string[]>> = {},
): Partial<Record<K, string | readonly string[]>> {
  const keys = new Set<string>()
  for (const f of raw.slice(0, 1000)) for (const k of Object.keys(f.properties)) keys.add(k)
  const names = [...keys]
  const out: Partial<Record<K, string | readonly string[]>> = {}
  for (const k of Object.keys(candidates) as K[]) {
    out[k] = explicit[k] ?? findField(names, candidates[k])
  }
  return out
}

function requireField(
  fields: Partial<Record<string, unknown>>,
  key: keyof CommunityFields,
  source: string,
  issues: InputIssue[],
): void {
  if (fields[key] === undefined) {
    issues.push({
      source,
      where: 'file',
      field: key,
      message: `no ${key} property (looked for ${COMMUNITY_FIELD_CANDIDATES[key].join(', ')}); map one explicitly`,
      severity: 'error',
    })
  }
}

function checkExplicit(
  raw: readonly RawFeature[],
  explicit: Partial<Record<string, string | readonly string[]>> | undefined,
  source: string,
  issues: InputIssue[],
): void {
  if (raw.length === 0 || !explicit) return
  for (const [k, v] of Object.entries(explicit)) {
    for (const name of typeof v === 'string' ? [v] : (v ?? [])) {
      if (!raw.some((f) => name in f.properties)) {
        issues.push({
          source,
          where: 'file',
          field: k,
          message: `no feature has a property named "${name}"`,
          severity: 'error',
        })
      }
    }
  }
}
