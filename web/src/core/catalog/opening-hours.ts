/**
 * Opening hours as stored: `24/7`, or rules separated by `; `, each an optional day list
 * (`Mo-Fr `, `Sa,Su `, `PH ` for public holidays) followed by `off` or time ranges
 * `HH:MM-HH:MM[,HH:MM-HH:MM…]` — the subset of OpenStreetMap's `opening_hours` that the
 * facilities table accepts (its `private.hours_valid` check) and every import is normalised to.
 *
 * As in OpenStreetMap, a later rule replaces what earlier rules said for the days it names, so
 * `Mo-Su 08:00-20:00; PH off` is closed on holidays. A range whose end is not after its start
 * (`22:00-02:00`) runs past midnight into the next day. Formatting for people stays in the UI.
 */

export const DAY_CODES = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su', 'PH'] as const
export type DayCode = (typeof DAY_CODES)[number]

/** Minutes after local midnight; `end` may be ≤ `start` for a range past midnight. */
export interface TimeRange {
  start: number
  end: number
}

export interface HoursRule {
  /** Day codes the rule names; null: every day. */
  days: DayCode[] | null
  /** Empty for `off`. */
  ranges: TimeRange[]
}

export type ParsedHours =
  | { ok: true; always: true; rules: [] }
  | { ok: true; always: false; rules: HoursRule[] }
  | { ok: false; error: string }

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/
const DAY_PART = /^(Mo|Tu|We|Th|Fr|Sa|Su|PH)(?:-(Mo|Tu|We|Th|Fr|Sa|Su|PH))?$/

function parseTime(text: string): number | null {
  const m = TIME.exec(text)
  if (!m) return null
  return m[1] === undefined ? 24 * 60 : Number(m[1]) * 60 + Number(m[2])
}

function parseDays(text: string): DayCode[] | string {
  const days: DayCode[] = []
  for (const part of text.split(',')) {
    const m = DAY_PART.exec(part)
    if (!m) return `unknown day list "${part}"`
    const from = m[1] as DayCode
    const to = m[2] as DayCode | undefined
    if (!to) {
      days.push(from)
      continue
    }
    if (from === 'PH' || to === 'PH') return `"${part}": PH cannot be part of a range`
    const a = DAY_CODES.indexOf(from)
    const b = DAY_CODES.indexOf(to)
    // Mo-Su or Fr-Mo: a range may wrap past Sunday, as in OpenStreetMap.
    for (let i = a; ; i = (i + 1) % 7) {
      days.push(DAY_CODES[i]!)
      if (i === b) break
    }
  }
  return days
}

/**
 * Parse stored opening hours. Never throws: malformed text gives `{ ok: false, error }` naming
 * the part that could not be read.
 * @example parseHours('Mo-Fr 08:30-11:30; Sa off').ok // true
 */
export function parseHours(hours: string): ParsedHours {
  const text = hours.trim()
  if (text === '24/7') return { ok: true, always: true, rules: [] }
  if (text === '') return { ok: false, error: 'empty' }
  const rules: HoursRule[] = []
  for (const raw of text.split(/;\s*/)) {
    const rule = raw.trim()
    if (!rule) return { ok: false, error: 'empty rule' }
    const space = rule.lastIndexOf(' ')
    const dayText = space < 0 ? null : rule.slice(0, space).trim()
    const timeText = space < 0 ? rule : rule.slice(space + 1)
    let days: DayCode[] | null = null
    if (dayText !== null) {
      const parsed = parseDays(dayText)
      if (typeof parsed === 'string') return { ok: false, error: parsed }
      days = parsed
    }
    const ranges: TimeRange[] = []
    if (timeText !== 'off') {
      for (const range of timeText.split(',')) {
        const [a, b, extra] = range.split('-')
        const start = a === undefined ? null : parseTime(a)
        const end = b === undefined ? null : parseTime(b)
        if (start === null || end === null || extra !== undefined || start === 24 * 60)
          return { ok: false, error: `unreadable time range "${range}"` }
        ranges.push({ start, end })
      }
    }
    rules.push({ days, ranges })
  }
  return { ok: true, always: false, rules }
}

export interface OpenAtOptions {
  /** The facility's UTC offset in minutes; China (and Taiwan, Hong Kong) is UTC+8, no DST. */
  utcOffsetMinutes?: number
  /** Whether a local calendar date (year, month 1–12, day) is a public holiday. */
  isHoliday?: (year: number, month: number, day: number) => boolean
}

const CHINA_OFFSET_MIN = 8 * 60
const DAY_MS = 86_400_000

interface LocalDay {
  year: number
  month: number
  day: number
  /** 0 = Monday … 6 = Sunday. */
  weekday: number
}

function localDay(utcMs: number, offsetMin: number): { day: LocalDay; minute: number } {
  const local = new Date(utcMs + offsetMin * 60_000)
  const weekday = (local.getUTCDay() + 6) % 7
  return {
    day: {
      year: local.getUTCFullYear(),
      month: local.getUTCMonth() + 1,
      day: local.getUTCDate(),
      weekday,
    },
    minute: local.getUTCHours() * 60 + local.getUTCMinutes() + local.getUTCSeconds() / 60,
  }
}

/** The ranges that apply to a local day: the last rule naming it wins. */
function rangesFor(rules: readonly HoursRule[], day: LocalDay, holiday: boolean): TimeRange[] {
  const code = DAY_CODES[day.weekday]!
  let ranges: TimeRange[] = []
  for (const rule of rules) {
    const applies =
      rule.days === null || rule.days.includes(code) || (holiday && rule.days.includes('PH'))
    if (applies) ranges = rule.ranges
  }
  return ranges
}

const crossesMidnight = (r: TimeRange) => r.end <= r.start

/**
 * Whether a facility with these hours is open at an instant; null when the hours cannot be read
 * (the UI then shows the text as stored and says it is unknown).
 * @example isOpenAt('22:00-02:00', new Date('2026-12-01T17:30:00Z')) // true (01:30 in China)
 */
export function isOpenAt(
  hours: string | ParsedHours,
  at: Date,
  options: OpenAtOptions = {},
): boolean | null {
  const parsed = typeof hours === 'string' ? parseHours(hours) : hours
  if (!parsed.ok) return null
  if (parsed.always) return true
  const offset = options.utcOffsetMinutes ?? CHINA_OFFSET_MIN
  const holiday = options.isHoliday ?? (() => false)
  const now = localDay(at.getTime(), offset)
  const today = rangesFor(parsed.rules, now.day, holiday(now.day.year, now.day.month, now.day.day))
  for (const r of today) {
    if (crossesMidnight(r) ? now.minute >= r.start : now.minute >= r.start && now.minute < r.end)
      return true
  }
  const y = localDay(at.getTime() - DAY_MS, offset)
  const yesterday = rangesFor(parsed.rules, y.day, holiday(y.day.year, y.day.month, y.day.day))
  return yesterday.some((r) => crossesMidnight(r) && now.minute < r.end)
}

export interface NextChange {
  /** Whether the facility is open now. */
  open: boolean
  /** When it next opens (if closed) or closes (if open); null when never within a week. */
  at: Date | null
}

/**
 * Open now, and when that changes: "open · closes 13:00" or "closed · opens Mon 08:30". Looks a
 * week ahead at minute resolution of the rules' own boundaries. Null for unreadable hours.
 */
export function nextChange(
  hours: string | ParsedHours,
  at: Date,
  options: OpenAtOptions = {},
): NextChange | null {
  const parsed = typeof hours === 'string' ? parseHours(hours) : hours
  if (!parsed.ok) return null
  const open = isOpenAt(parsed, at, options)
  if (open === null) return null
  if (parsed.always) return { open: true, at: null }
  const offset = options.utcOffsetMinutes ?? CHINA_OFFSET_MIN
  // Candidate instants: every range boundary in the coming 8 local days, in order.
  const start = localDay(at.getTime(), offset)
  const midnightUtc = at.getTime() - start.minute * 60_000
  const candidates: number[] = []
  for (let d = 0; d <= 8; d++) {
    for (const rule of parsed.rules) {
      for (const r of rule.ranges) {
        for (const m of [r.start, r.end]) {
          const t = midnightUtc + d * DAY_MS + m * 60_000
          if (t > at.getTime()) candidates.push(t)
        }
      }
    }
  }
  candidates.sort((a, b) => a - b)
  for (const t of candidates) {
    if (isOpenAt(parsed, new Date(t), options) !== open) return { open, at: new Date(t) }
  }
  return { open, at: null }
}
