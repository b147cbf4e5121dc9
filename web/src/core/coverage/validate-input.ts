import type { CoverageInput } from './types.ts'

const STATUSES = ['open', 'closed', 'planned']
const GROUPS = ['all', 'elderly', 'infants']
/** How many problems the thrown error lists before "… and N more". */
const LISTED = 50

/** Input the coverage engine refuses, with every problem found (not just the first). */
export class CoverageInputError extends Error {
  readonly problems: string[]
  constructor(problems: string[]) {
    const shown = problems.slice(0, LISTED)
    if (problems.length > LISTED) shown.push(`… and ${problems.length - LISTED} more`)
    super(`invalid coverage input:\n${shown.join('\n')}`)
    this.name = 'CoverageInputError'
    this.problems = problems
  }
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing'
  try {
    const s = JSON.stringify(v)
    return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s
  } catch {
    return String(v)
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
const isCount = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0
const isPosition = (p: unknown): boolean =>
  Array.isArray(p) &&
  p.length >= 2 &&
  p.every((x) => typeof x === 'number' && Number.isFinite(x)) &&
  Math.abs(p[0] as number) <= 180 &&
  Math.abs(p[1] as number) <= 90

function ringsProblem(rings: unknown): string | null {
  if (!Array.isArray(rings) || rings.length === 0) return 'a polygon needs at least one ring'
  for (let k = 0; k < rings.length; k++) {
    const ring: unknown = rings[k]
    if (!Array.isArray(ring) || ring.length < 4) {
      return `ring ${k} needs at least 4 positions, got ${Array.isArray(ring) ? ring.length : show(ring)}`
    }
    const bad = ring.findIndex((p) => !isPosition(p))
    if (bad >= 0)
      return `ring ${k} position ${bad} is not [lon, lat] in range, got ${show(ring[bad])}`
  }
  return null
}

function polygonalProblem(g: unknown): string | null {
  if (!isObject(g)) return `geometry must be a Polygon or MultiPolygon, got ${show(g)}`
  if (g.type === 'Polygon') return ringsProblem(g.coordinates)
  if (g.type === 'MultiPolygon') {
    if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) {
      return 'a MultiPolygon needs at least one polygon'
    }
    for (let i = 0; i < g.coordinates.length; i++) {
      const p = ringsProblem(g.coordinates[i])
      if (p) return `polygon ${i}: ${p}`
    }
    return null
  }
  return `geometry must be a Polygon or MultiPolygon, got ${show(g.type)}`
}

function label(list: string, i: number, props: unknown): string {
  const id = isObject(props) ? props.id : undefined
  return id === undefined || id === null ? `${list}[${i}]` : `${list}[${i}] (id ${show(id)})`
}

/**
 * Every problem in a coverage input, one line each, naming the feature by index and id and the
 * property: `communities[12] (id "A3"): population must be a non-negative number, got "abc"`.
 * Empty when the input is usable. Reads `unknown` shapes, so it is safe on parsed JSON.
 * @example validateCoverageInput(input) // []
 */
export function validateCoverageInput(input: CoverageInput): string[] {
  const out: string[] = []
  const raw: unknown = input
  if (!isObject(raw)) return [`input must be an object, got ${show(raw)}`]
  const { communities, facilities, population, settings } = raw
  if (!Array.isArray(communities))
    out.push(`communities must be an array, got ${show(communities)}`)
  else {
    const ids = new Map<string, number>()
    communities.forEach((f: unknown, i) => {
      const props = isObject(f) ? f.properties : undefined
      const at = label('communities', i, props)
      if (!isObject(f)) return void out.push(`${at}: must be a GeoJSON Feature, got ${show(f)}`)
      const g = polygonalProblem(f.geometry)
      if (g) out.push(`${at}: geometry: ${g}`)
      if (!isObject(props)) return void out.push(`${at}: properties missing`)
      if (!(typeof props.id === 'string' && props.id !== '') && typeof props.id !== 'number') {
        out.push(`${at}: id must be a non-empty string or a number, got ${show(props.id)}`)
      } else {
        const prev = ids.get(String(props.id))
        if (prev !== undefined) out.push(`${at}: id repeats communities[${prev}]`)
        else ids.set(String(props.id), i)
      }
      if (!isCount(props.population)) {
        out.push(`${at}: population must be a non-negative number, got ${show(props.population)}`)
      }
      for (const key of ['population_elderly', 'population_infants']) {
        const v = props[key]
        if (v !== undefined && v !== null && !isCount(v)) {
          out.push(`${at}: ${key} must be a non-negative number or null, got ${show(v)}`)
        }
      }
    })
  }
  if (!Array.isArray(facilities)) out.push(`facilities must be an array, got ${show(facilities)}`)
  else {
    facilities.forEach((f: unknown, i) => {
      const props = isObject(f) ? f.properties : undefined
      const at = label('facilities', i, props)
      if (!isObject(f)) return void out.push(`${at}: must be a GeoJSON Feature, got ${show(f)}`)
      const g = f.geometry
      if (!isObject(g) || g.type !== 'Point') {
        out.push(`${at}: geometry must be a Point, got ${show(isObject(g) ? g.type : g)}`)
      } else if (!isPosition(g.coordinates)) {
        out.push(`${at}: coordinates must be [lon, lat] in range, got ${show(g.coordinates)}`)
      }
      if (!isObject(props)) return void out.push(`${at}: properties missing`)
      if (!(typeof props.id === 'string' && props.id !== '') && typeof props.id !== 'number') {
        out.push(`${at}: id must be a non-empty string or a number, got ${show(props.id)}`)
      }
      if (typeof props.category !== 'string' || props.category === '') {
        out.push(`${at}: category must be a non-empty string, got ${show(props.category)}`)
      }
      if (
        props.status !== undefined &&
        props.status !== null &&
        !STATUSES.includes(props.status as string)
      ) {
        out.push(`${at}: status must be one of ${STATUSES.join(', ')}, got ${show(props.status)}`)
      }
      if (props.capacity !== undefined && props.capacity !== null && !isCount(props.capacity)) {
        out.push(
          `${at}: capacity must be a non-negative number or null, got ${show(props.capacity)}`,
        )
      }
    })
  }
  if (population !== undefined && population !== null) {
    if (!Array.isArray(population)) out.push(`population must be an array, got ${show(population)}`)
    else {
      population.forEach((f: unknown, i) => {
        const at = `population[${i}]`
        if (!isObject(f)) return void out.push(`${at}: must be a GeoJSON Feature, got ${show(f)}`)
        const g = polygonalProblem(f.geometry)
        if (g) out.push(`${at}: geometry: ${g}`)
        const props = f.properties
        if (!isObject(props) || !isCount(props.population)) {
          out.push(
            `${at}: population must be a non-negative number, got ${show(isObject(props) ? props.population : props)}`,
          )
        }
      })
    }
  }
  if (!isObject(settings)) out.push(`settings must be an object, got ${show(settings)}`)
  else {
    if (settings.method !== 'exact' && settings.method !== 'fast') {
      out.push(`settings.method must be "exact" or "fast", got ${show(settings.method)}`)
    }
    const cats = settings.categories
    if (!Array.isArray(cats) || cats.length === 0) {
      out.push(`settings.categories must be a non-empty array, got ${show(cats)}`)
    } else {
      const codes = new Set<string>()
      cats.forEach((c: unknown, i) => {
        const at = `settings.categories[${i}]`
        if (!isObject(c)) return void out.push(`${at}: must be an object, got ${show(c)}`)
        if (typeof c.code !== 'string' || c.code === '') {
          out.push(`${at}: code must be a non-empty string, got ${show(c.code)}`)
        } else if (codes.has(c.code)) out.push(`${at}: code ${show(c.code)} repeats`)
        else codes.add(c.code)
        const r = c.reach_m
        if (typeof r !== 'number' || !Number.isFinite(r) || r <= 0 || r > 50_000) {
          out.push(`${at}: reach_m must be a number of metres in (0, 50000], got ${show(r)}`)
        }
        if (!GROUPS.includes(c.target_group as string)) {
          out.push(
            `${at}: target_group must be one of ${GROUPS.join(', ')}, got ${show(c.target_group)}`,
          )
        }
      })
    }
    const st = settings.count_statuses
    if (
      st !== undefined &&
      (!Array.isArray(st) || st.some((s) => !STATUSES.includes(s as string)))
    ) {
      out.push(
        `settings.count_statuses must list statuses among ${STATUSES.join(', ')}, got ${show(st)}`,
      )
    }
  }
  return out
}

/**
 * Throws a {@link CoverageInputError} listing every problem when the input is not usable.
 * @example assertValidCoverageInput(input)
 */
export function assertValidCoverageInput(input: CoverageInput): void {
  const problems = validateCoverageInput(input)
  if (problems.length > 0) throw new CoverageInputError(problems)
}
