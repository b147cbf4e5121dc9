import {
  isOpenAt,
  parseHours,
  type OpenAtOptions,
  type ParsedHours,
} from '../catalog/opening-hours.ts'

/**
 * A filter for the "open now" chip, to pass as the nearest list's or the search's `filter`:
 * true when the facility's stored hours say it is open at `at`. Facilities whose hours are
 * missing or unreadable are left out unless `unknown: 'include'` — a resident who asked for
 * "open now" must not be sent to a door that may be shut. Hours are parsed once per distinct text.
 * @example nearestByCategory(index, point, { filter: openNowFilter(new Date()) })
 */
export function openNowFilter<T extends { hours?: string | null }>(
  at: Date,
  options: OpenAtOptions & { unknown?: 'include' | 'exclude' } = {},
): (facility: T) => boolean {
  const parsed = new Map<string, ParsedHours>()
  const unknown = options.unknown === 'include'
  return (facility) => {
    const hours = facility.hours
    if (hours == null || hours.trim() === '') return unknown
    let p = parsed.get(hours)
    if (p === undefined) {
      p = parseHours(hours)
      parsed.set(hours, p)
    }
    return isOpenAt(p, at, options) ?? unknown
  }
}
