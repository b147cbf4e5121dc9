import { DAY_CODES, parseHours } from '../../../core/catalog/opening-hours.ts'
import type { DayCode } from '../../../core/catalog/opening-hours.ts'

/** A time range as typed in the editor, `HH:MM` each; an end not after the start runs past midnight. */
export interface RangeDraft {
  start: string
  end: string
}

/** One rule: the days it names (empty: every day), closed all day or open in `ranges`. */
export interface RuleDraft {
  days: DayCode[]
  off: boolean
  ranges: RangeDraft[]
}

/** The opening-hours editor's state: no hours given, always open, or rules. */
export type HoursDraft =
  { mode: 'none' } | { mode: 'always' } | { mode: 'rules'; rules: RuleDraft[] }

const WEEK = DAY_CODES.slice(0, 7) as DayCode[]
const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/

const pad = (n: number) => String(n).padStart(2, '0')
const timeText = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`

/**
 * The editor's state for stored hours, read with the catalog's parser. Hours it cannot read come
 * back as `{ ok: false }` with the parser's reason, so the form can show the text as stored.
 */
export function hoursToDraft(
  text: string | null | undefined,
): { ok: true; draft: HoursDraft } | { ok: false; error: string } {
  if (!text || text.trim() === '') return { ok: true, draft: { mode: 'none' } }
  const parsed = parseHours(text)
  if (!parsed.ok) return { ok: false, error: parsed.error }
  if (parsed.always) return { ok: true, draft: { mode: 'always' } }
  return {
    ok: true,
    draft: {
      mode: 'rules',
      rules: parsed.rules.map((r) => ({
        days: sortDays(r.days ?? []),
        off: r.ranges.length === 0,
        ranges: r.ranges.map((x) => ({ start: timeText(x.start), end: timeText(x.end) })),
      })),
    },
  }
}

function sortDays(days: readonly DayCode[]): DayCode[] {
  return DAY_CODES.filter((d) => days.includes(d))
}

/** `Mo-Fr`, `Sa,Su`, `Mo,We-Fr,PH`: runs of three or more weekdays as a range. */
export function formatDays(days: readonly DayCode[]): string {
  const sorted = sortDays(days)
  const parts: string[] = []
  const weekdays = sorted.filter((d) => d !== 'PH')
  let i = 0
  while (i < weekdays.length) {
    let j = i
    while (
      j + 1 < weekdays.length &&
      WEEK.indexOf(weekdays[j + 1]!) === WEEK.indexOf(weekdays[j]!) + 1
    )
      j++
    if (j - i >= 2) parts.push(`${weekdays[i]}-${weekdays[j]}`)
    else for (let k = i; k <= j; k++) parts.push(weekdays[k]!)
    i = j + 1
  }
  if (sorted.includes('PH')) parts.push('PH')
  return parts.join(',')
}

/** What is wrong with a draft, per rule and range, or an empty list. */
export interface DraftProblem {
  rule: number
  range: number | null
  problem: 'time' | 'no_ranges'
}

export function checkDraft(draft: HoursDraft): DraftProblem[] {
  if (draft.mode !== 'rules') return []
  const problems: DraftProblem[] = []
  draft.rules.forEach((rule, r) => {
    if (rule.off) return
    if (rule.ranges.length === 0) problems.push({ rule: r, range: null, problem: 'no_ranges' })
    rule.ranges.forEach((range, k) => {
      if (!TIME.test(range.start) || !TIME.test(range.end) || range.start === '24:00')
        problems.push({ rule: r, range: k, problem: 'time' })
    })
  })
  return problems
}

/**
 * The stored grammar for a draft (see core/catalog/opening-hours.ts), or null for "no hours
 * given". Throws when `checkDraft` finds a problem: the form checks first.
 * @example draftToHours({ mode: 'rules', rules: [{ days: ['Mo','Tu','We','Th','Fr'], off: false, ranges: [{ start: '08:30', end: '11:30' }] }] }) // 'Mo-Fr 08:30-11:30'
 */
export function draftToHours(draft: HoursDraft): string | null {
  if (draft.mode === 'none') return null
  if (draft.mode === 'always') return '24/7'
  if (draft.rules.length === 0) return null
  const problems = checkDraft(draft)
  if (problems.length > 0) throw new Error(`opening hours: ${problems.length} unreadable entries`)
  return draft.rules
    .map((rule) => {
      const days = formatDays(rule.days)
      const times = rule.off ? 'off' : rule.ranges.map((x) => `${x.start}-${x.end}`).join(',')
      return days ? `${days} ${times}` : times
    })
    .join('; ')
}

/** A fresh rule for the editor's "add rule" button: weekdays, 08:00–17:00. */
export function newRule(): RuleDraft {
  return {
    days: ['Mo', 'Tu', 'We', 'Th', 'Fr'],
    off: false,
    ranges: [{ start: '08:00', end: '17:00' }],
  }
}
