export const dayCodes = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su', 'PH'] as const
export type DayCode = (typeof dayCodes)[number]

export interface HoursLabels {
  days: Record<DayCode, string>
  allDay: string
  off: string
  /** e.g. `周一至周五`, `Mon–Fri`. */
  dayRange(from: string, to: string): string
  /** Between days and between time ranges: `、` in Chinese, `, ` in English. */
  separator: string
}

const time = String.raw`\d\d:\d\d`
const dayPart = String.raw`(?:Mo|Tu|We|Th|Fr|Sa|Su|PH)(?:-(?:Mo|Tu|We|Th|Fr|Sa|Su|PH))?`
const rulePattern = new RegExp(
  String.raw`^(?:(${dayPart}(?:,${dayPart})*) )?(off|${time}-${time}(?:,${time}-${time})*)$`,
)

const isDay = (s: string): s is DayCode => (dayCodes as readonly string[]).includes(s)

/**
 * Opening hours as stored (`24/7`, or rules like `Mo-Fr 08:30-11:30,13:30-16:30; Sa off`,
 * see the facilities migration) as one readable line per rule. A value outside that grammar
 * is shown as it is rather than guessed at.
 */
export function formatHours(hours: string, labels: HoursLabels): string[] {
  if (hours === '24/7') return [labels.allDay]
  const rules = hours.split('; ')
  const lines: string[] = []
  for (const rule of rules) {
    const match = rulePattern.exec(rule)
    if (!match) return [hours]
    const [, days, times = ''] = match
    const dayText = days
      ?.split(',')
      .map((part) => {
        const [from = '', to] = part.split('-')
        if (!isDay(from) || (to !== undefined && !isDay(to))) return part
        return to ? labels.dayRange(labels.days[from], labels.days[to]) : labels.days[from]
      })
      .join(labels.separator)
    const timeText =
      times === 'off'
        ? labels.off
        : times
            .split(',')
            .map((r) => r.replace('-', '–'))
            .join(labels.separator)
    lines.push(dayText ? `${dayText} ${timeText}` : timeText)
  }
  return lines
}
