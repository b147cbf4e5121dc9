import type { MultiPolygon, Point, Polygon, Position } from 'geojson'
import { previewValue, readNumber } from './field-values.ts'
import { InputError } from './input-issue.ts'
import { CHINA_BBOX, checkLngLat, type BBox } from './lng-lat-check.ts'

/** Largest input accepted, in UTF-16 characters (≈ bytes for GeoJSON): a whole city fits. */
export const DEFAULT_MAX_INPUT_CHARS = 200_000_000

/** A feature as found in the file: geometry not yet checked, properties an object. */
export interface RawFeature {
  /** 0-based position in `features`, used in messages as `feature N`. */
  index: number
  geometry: unknown
  properties: Record<string, unknown>
}

export interface ParseGeoJsonOptions {
  source?: string
  maxChars?: number
}

/**
 * Parses a GeoJSON FeatureCollection and checks its outline (a `features` array of objects
 * with `type: "Feature"`). Geometry is checked later by the reader that knows what it expects
 * ({@link normalizePoint}, {@link normalizePolygonal}).
 * Throws {@link InputError} for text over `maxChars`, invalid JSON (with line and column), a
 * non-FeatureCollection, or malformed features (each named by index).
 * @example parseGeoJson('{"type":"FeatureCollection","features":[]}') // []
 */
export function parseGeoJson(text: string, options: ParseGeoJsonOptions = {}): RawFeature[] {
  const source = options.source ?? 'GeoJSON'
  const maxChars = options.maxChars ?? DEFAULT_MAX_INPUT_CHARS
  const fail = (where: string, field: string, message: string): never => {
    throw new InputError([{ source, where, field, message, severity: 'error' }])
  }
  if (text.length > maxChars) {
    fail('file', 'file', `the file is ${mb(text.length)} MB; the limit is ${mb(maxChars)} MB`)
  }
  let doc: unknown
  try {
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
  } catch (e) {
    fail(
      jsonErrorPlace(text, (e as Error).message),
      'file',
      `not valid JSON (${(e as Error).message})`,
    )
  }
  if (!isObject(doc)) return fail('file', 'type', 'expected a GeoJSON FeatureCollection object')
  if (doc.type !== 'FeatureCollection') {
    fail('file', 'type', `expected "FeatureCollection", found ${previewValue(doc.type ?? null)}`)
  }
  if (!Array.isArray(doc.features))
    fail('file', 'features', 'a FeatureCollection needs a "features" array')
  const issues: InputError['issues'] = []
  const out: RawFeature[] = []
  ;(doc.features as unknown[]).forEach((f, index) => {
    const where = `feature ${index}`
    if (!isObject(f) || f.type !== 'Feature') {
      issues.push({
        source,
        where,
        field: 'type',
        message: 'not a GeoJSON Feature',
        severity: 'error',
      })
      return
    }
    if (f.properties !== undefined && f.properties !== null && !isObject(f.properties)) {
      issues.push({
        source,
        where,
        field: 'properties',
        message: 'properties must be an object',
        severity: 'error',
      })
      return
    }
    out.push({
      index,
      geometry: f.geometry ?? null,
      properties: (f.properties as Record<string, unknown>) ?? {},
    })
  })
  if (issues.length > 0) throw new InputError(issues)
  return out
}

/** A geometry check: the cleaned geometry and corrections made, or why it is unusable. */
export type GeometryCheck<G> =
  { ok: true; geometry: G; warnings: string[] } | { ok: false; missing: boolean; message: string }

/**
 * Checks a Point: two numeric coordinates (numeric strings accepted), a third (height) dropped,
 * inside `region` (degrees) and not swapped. `missing` is true for absent or "NA" coordinates,
 * which readers report as skipped rows rather than errors.
 * @example normalizePoint({ type: 'Point', coordinates: ['121.5', '25.0', 0] }) // ok, [121.5, 25]
 */
export function normalizePoint(
  geometry: unknown,
  region: BBox | null = CHINA_BBOX,
): GeometryCheck<Point> {
  if (geometry === null || geometry === undefined)
    return { ok: false, missing: true, message: 'no geometry' }
  if (!isObject(geometry) || geometry.type !== 'Point') {
    return {
      ok: false,
      missing: false,
      message: `expected a Point, found ${describeType(geometry)}`,
    }
  }
  const c = geometry.coordinates
  if (!Array.isArray(c) || c.length < 2) {
    return { ok: false, missing: false, message: 'a Point needs [longitude, latitude]' }
  }
  const x = readNumber(c[0])
  const y = readNumber(c[1])
  if (x.kind === 'missing' || y.kind === 'missing') {
    return { ok: false, missing: true, message: `coordinates missing (${previewValue(c)})` }
  }
  if (x.kind === 'invalid' || y.kind === 'invalid') {
    return {
      ok: false,
      missing: false,
      message: `coordinates are not numbers (${previewValue(c)})`,
    }
  }
  const check = checkLngLat(x.value, y.value, region)
  if (!check.ok) return { ok: false, missing: false, message: check.message }
  return { ok: true, geometry: { type: 'Point', coordinates: [x.value, y.value] }, warnings: [] }
}

/**
 * Checks a Polygon or MultiPolygon: numeric positions inside `region` (degrees), heights
 * dropped, rings of at least 4 positions, unclosed rings closed (with a warning). Ring
 * orientation is left as found: the coverage code does not depend on it.
 * @example normalizePolygonal({ type: 'Polygon', coordinates: [[[121,25,0],[121.01,25,0],[121,25.01,0],[121,25,0]]] }).ok // true
 */
export function normalizePolygonal(
  geometry: unknown,
  region: BBox | null = CHINA_BBOX,
): GeometryCheck<Polygon | MultiPolygon> {
  if (geometry === null || geometry === undefined)
    return { ok: false, missing: true, message: 'no geometry' }
  if (!isObject(geometry) || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) {
    return {
      ok: false,
      missing: false,
      message: `expected a Polygon or MultiPolygon, found ${describeType(geometry)}`,
    }
  }
  const multi = geometry.type === 'MultiPolygon'
  const raw = geometry.coordinates
  if (!Array.isArray(raw) || raw.length === 0) {
    return { ok: false, missing: false, message: `${geometry.type} has no coordinates` }
  }
  const polys: unknown[] = multi ? raw : [raw]
  const warnings: string[] = []
  const out: Position[][][] = []
  for (let p = 0; p < polys.length; p++) {
    const rings = polys[p]
    const pl = multi ? `polygon ${p} ` : ''
    if (!Array.isArray(rings) || rings.length === 0) {
      return { ok: false, missing: false, message: `${pl}has no rings` }
    }
    const cleanRings: Position[][] = []
    for (let r = 0; r < rings.length; r++) {
      const ring = rings[r]
      const rl = `${pl}ring ${r}`
      if (!Array.isArray(ring))
        return { ok: false, missing: false, message: `${rl} is not an array of positions` }
      const clean: Position[] = []
      for (let k = 0; k < ring.length; k++) {
        const pos = ring[k]
        const x = Array.isArray(pos) ? readNumber(pos[0]) : undefined
        const y = Array.isArray(pos) ? readNumber(pos[1]) : undefined
        if (x?.kind !== 'number' || y?.kind !== 'number') {
          return {
            ok: false,
            missing: false,
            message: `${rl} position ${k} is not [longitude, latitude] (${previewValue(pos)})`,
          }
        }
        const check = checkLngLat(x.value, y.value, region)
        if (!check.ok)
          return { ok: false, missing: false, message: `${rl} position ${k}: ${check.message}` }
        clean.push([x.value, y.value])
      }
      const first = clean[0]
      const last = clean[clean.length - 1]
      if (first && last && (first[0] !== last[0] || first[1] !== last[1])) {
        clean.push([first[0]!, first[1]!])
        warnings.push(`${rl} was not closed; closed it`)
      }
      if (clean.length < 4) {
        return {
          ok: false,
          missing: false,
          message: `${rl} has ${clean.length} positions; a ring needs at least 4`,
        }
      }
      cleanRings.push(clean)
    }
    out.push(cleanRings)
  }
  const geometryOut: Polygon | MultiPolygon = multi
    ? { type: 'MultiPolygon', coordinates: out }
    : { type: 'Polygon', coordinates: out[0]! }
  return { ok: true, geometry: geometryOut, warnings }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function describeType(g: unknown): string {
  return isObject(g) && typeof g.type === 'string'
    ? g.type
    : g === undefined
      ? 'nothing'
      : previewValue(g, 40)
}

function mb(chars: number): string {
  return (chars / 1e6).toFixed(1)
}

/**
 * Turns V8's error into "line L column C", which an editor can jump to. Newer V8 says
 * "at position N"; Node 20's says `Unexpected token ',', ..."snippet"...` where the snippet
 * starts 10 characters before the bad token.
 */
function jsonErrorPlace(text: string, message: string): string {
  let pos: number | undefined
  const at = /position (\d+)/.exec(message)
  const token =
    /^Unexpected token '([\s\S])', (\.\.\.)?"([\s\S]*?)"(\.\.\.)? is not valid JSON/.exec(message)
  if (at) pos = Number(at[1])
  else if (token) {
    const snippet = token[3]!
    pos = token[2] ? text.indexOf(snippet) + 10 : snippet.indexOf(token[1]!)
  } else if (/end of JSON input/.test(message)) pos = text.length
  if (pos === undefined || pos < 0) return 'file'
  const before = text.slice(0, pos)
  const line = before.split('\n').length
  const column = pos - before.lastIndexOf('\n')
  return `line ${line} column ${column}`
}
