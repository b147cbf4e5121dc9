import {
  DAY_CODES,
  parseHours,
  type DayCode,
  type TimeRange,
} from '../core/catalog/opening-hours.ts'

export { DAY_CODES as dayCodes, type DayCode }

export interface HoursLabels {
  days: Record<DayCode, string>
  allDay: string
  off: string
  /** e.g. `周一至周五`, `Mon–Fri`. */
  dayRange(from: string, to: string): string
  /** Between days and between time ranges: `、` in Chinese, `, ` in English. */
  separator: string
}

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`

/** Consecutive weekdays as runs (Mo-Fr), holidays last; three or more days make a range. */
function dayText(days: readonly DayCode[], labels: HoursLabels): string {
  const weekdays = DAY_CODES.slice(0, 7).map((d) => days.includes(d))
  const parts: string[] = []
  for (let i = 0; i < 7; i++) {
    if (!weekdays[i]) continue
    let j = i
    while (j + 1 < 7 && weekdays[j + 1]) j++
    const from = labels.days[DAY_CODES[i]!]
    const to = labels.days[DAY_CODES[j]!]
    if (j - i >= 2) parts.push(labels.dayRange(from, to))
    else for (let k = i; k <= j; k++) parts.push(labels.days[DAY_CODES[k]!])
    i = j
  }
  if (days.includes('PH')) parts.push(labels.days.PH)
  return parts.join(labels.separator)
}

const rangeText = (ranges: readonly TimeRange[], labels: HoursLabels) =>
  ranges.length === 0
    ? labels.off
    : ranges.map((r) => `${hhmm(r.start)}–${hhmm(r.end)}`).join(labels.separator)

/**
 * Opening hours as stored (`24/7`, or rules like `Mo-Fr 08:30-11:30,13:30-16:30; Sa off`, read
 * by `parseHours` in core/catalog) as one readable line per rule. A value outside that grammar
 * is shown as it is rather than guessed at.
 */
export function formatHours(hours: string, labels: HoursLabels): string[] {
  const parsed = parseHours(hours)
  if (!parsed.ok) return [hours]
  if (parsed.always) return [labels.allDay]
  return parsed.rules.map((rule) => {
    const times = rangeText(rule.ranges, labels)
    return rule.days ? `${dayText(rule.days, labels)} ${times}` : times
  })
}
