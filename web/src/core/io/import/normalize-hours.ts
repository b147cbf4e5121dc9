/**
 * Opening hours as people write them in Chinese spreadsheets — "08:00-20:00", "8:00～20:00",
 * "周一至周五 8:30-17:00，周六 9:00-12:00", "全天", "24小时", "周日休息" — turned into the stored
 * grammar of `core/catalog/opening-hours.ts` ("Mo-Fr 08:30-17:00; Sa 09:00-12:00", "24/7").
 * Text with anything it cannot account for is refused, never half-read.
 */
import { DAY_CODES, parseHours, type DayCode } from '../../catalog/opening-hours.ts'

export type NormalizedHours = { ok: true; hours: string } | { ok: false; reason: string }

const ALWAYS =
  /^(?:全天|全天候|24小时|24小時|24h|24hrs?|24\/7|全年无休|全年無休|全年)(?:\s*(?:营业|營業|开放|開放|服务|服務|无休|無休|不打烊))*$/i

const DAY_CHAR: Record<string, number> = {
  一: 0,
  二: 1,
  三: 2,
  四: 3,
  五: 4,
  六: 5,
  日: 6,
  天: 6,
  末: 6,
  '1': 0,
  '2': 1,
  '3': 2,
  '4': 3,
  '5': 4,
  '6': 5,
  '7': 6,
}

const WEEK = '(?:周|週|星期|礼拜|禮拜)'
const DAY = `${WEEK}([一二三四五六日天1-7])`
const RANGE_SEP = '\\s*(?:-|~|至|到|—|–)\\s*'
/** 周一至周五, 周一-五, 星期一到星期日 */
const DAY_RANGE = new RegExp(`^${DAY}(?:${RANGE_SEP}${WEEK}?([一二三四五六日天1-7]))?`)
const DAY_WORDS: [RegExp, DayCode[] | null][] = [
  [/^(?:工作日|平日)/, ['Mo', 'Tu', 'We', 'Th', 'Fr']],
  [/^(?:周末|週末|双休日|雙休日)/, ['Sa', 'Su']],
  [/^(?:法定节假日|法定節假日|节假日|節假日|国定假日|國定假日|节日|節日)/, ['PH']],
  [/^(?:每天|每日|天天|全周|全週|周一至日)/, null],
]
const OFF = /^(?:休息|休馆|休館|闭馆|閉館|公休|不营业|不營業|不开放|不開放|关闭|關閉|休)/
/** 8:30, 08:30, 8点, 8点半, 8點30分, 8时; optional 上午/下午/晚上 before. */
const TIME =
  '(上午|早上|中午|下午|晚上|凌晨)?\\s*(\\d{1,2})(?:\\s*[:：]\\s*(\\d{2})|\\s*[点點时時]\\s*(?:(半)|(\\d{1,2})\\s*分?)?)'
const TIME_RANGE = new RegExp(`^${TIME}${RANGE_SEP}(?:次日|翌日)?${TIME}`)
/** Words and marks that may sit between the parts. */
const FILLER =
  /^(?:[\s,，;；、。.:：/|()（）]|营业时间|營業時間|开放时间|開放時間|服务时间|服務時間|营业|營業|开放|開放|时间|時間|和|及|与|與)+/

interface Rule {
  days: DayCode[] | null
  ranges: string[]
  off: boolean
}

const pad = (n: number): string => String(n).padStart(2, '0')

function toMinutes(
  period: string | undefined,
  h: string,
  mm: string | undefined,
  half: string | undefined,
  mm2: string | undefined,
): number | null {
  let hour = Number(h)
  const minute = half ? 30 : Number(mm ?? mm2 ?? 0)
  if (minute > 59) return null
  if ((period === '下午' || period === '晚上') && hour < 12) hour += 12
  if (period === '中午' && hour < 6) hour += 12
  if (hour > 24 || (hour === 24 && minute > 0)) return null
  return hour * 60 + minute
}

const hhmm = (m: number): string => `${pad(Math.floor(m / 60))}:${pad(m % 60)}`

function formatDays(days: DayCode[]): string {
  const week = DAY_CODES.slice(0, 7)
  const idx = [...new Set(days.filter((d) => d !== 'PH').map((d) => week.indexOf(d)))].sort(
    (a, b) => a - b,
  )
  const parts: string[] = []
  for (let i = 0; i < idx.length;) {
    let j = i
    while (j + 1 < idx.length && idx[j + 1] === idx[j]! + 1) j++
    const run = idx.slice(i, j + 1).map((k) => week[k]!)
    parts.push(run.length >= 3 ? `${run[0]}-${run[run.length - 1]}` : run.join(','))
    i = j + 1
  }
  if (days.includes('PH')) parts.push('PH')
  return parts.join(',')
}

/**
 * Normalises opening hours text to the stored grammar; text that already follows it is kept.
 * @example normalizeHours('8:00～20:00') // { ok: true, hours: '08:00-20:00' }
 * @example normalizeHours('周一至周五 8:30-17:00；周六、周日休息') // { ok: true, hours: 'Mo-Fr 08:30-17:00; Sa,Su off' }
 * @example normalizeHours('24小时') // { ok: true, hours: '24/7' }
 */
export function normalizeHours(input: string): NormalizedHours {
  const raw = input.trim()
  if (raw === '') return { ok: false, reason: 'empty' }
  if (parseHours(raw).ok) return { ok: true, hours: raw }
  const text = raw
    .normalize('NFKC')
    .replace(/[〜～]/g, '~')
    .replace(/\s+/g, ' ')
    .trim()
  if (ALWAYS.test(text.replace(/\s+/g, ''))) return { ok: true, hours: '24/7' }
  if (parseHours(text).ok) return { ok: true, hours: text }

  const rules: Rule[] = []
  let current: Rule | null = null
  // Days named since the last times: "周六、周日 9:00-12:00" gathers both before the times.
  let pendingDays: DayCode[] | null | undefined
  let rest = text
  while (rest.length > 0) {
    const filler = FILLER.exec(rest)
    if (filler) {
      rest = rest.slice(filler[0].length)
      continue
    }
    const dr = DAY_RANGE.exec(rest)
    const word = dr ? null : DAY_WORDS.find(([re]) => re.test(rest))
    if (dr || word) {
      let days: DayCode[] | null
      let len: number
      if (dr) {
        const a = DAY_CHAR[dr[1]!]!
        const b = dr[2] === undefined ? a : DAY_CHAR[dr[2]]!
        days = []
        for (let i = a; ; i = (i + 1) % 7) {
          days.push(DAY_CODES[i]!)
          if (i === b) break
        }
        len = dr[0].length
      } else {
        days = word![1]
        len = word![0].exec(rest)![0].length
      }
      if (pendingDays === undefined) pendingDays = days === null ? null : [...days]
      else if (pendingDays !== null && days !== null) pendingDays.push(...days)
      else pendingDays = null
      current = null
      rest = rest.slice(len)
      continue
    }
    const off = OFF.exec(rest)
    if (off) {
      if (pendingDays === undefined)
        return { ok: false, reason: `"${off[0]}" without the days it applies to` }
      rules.push({ days: pendingDays, ranges: [], off: true })
      pendingDays = undefined
      current = null
      rest = rest.slice(off[0].length)
      continue
    }
    const tr = TIME_RANGE.exec(rest)
    if (tr) {
      const start = toMinutes(tr[1], tr[2]!, tr[3], tr[4], tr[5])
      // "下午2:00-5:00": the end takes the start's afternoon when it names none of its own.
      const endPeriod = tr[6] ?? (tr[1] === '下午' || tr[1] === '晚上' ? tr[1] : undefined)
      const end = toMinutes(endPeriod, tr[7]!, tr[8], tr[9], tr[10])
      if (start === null || end === null || start === 24 * 60)
        return { ok: false, reason: `unreadable time range "${tr[0]}"` }
      const range = `${hhmm(start)}-${hhmm(end)}`
      if (pendingDays !== undefined || current === null) {
        current = { days: pendingDays ?? null, ranges: [], off: false }
        rules.push(current)
        pendingDays = undefined
      }
      current.ranges.push(range)
      rest = rest.slice(tr[0].length)
      continue
    }
    return {
      ok: false,
      reason: `cannot read "${rest.length > 20 ? `${rest.slice(0, 20)}…` : rest}"`,
    }
  }
  if (pendingDays !== undefined) return { ok: false, reason: 'days named without times' }
  if (rules.length === 0) return { ok: false, reason: 'no times found' }
  const hours = rules
    .map((r) => {
      const body = r.off ? 'off' : r.ranges.join(',')
      return r.days === null ? body : `${formatDays(r.days)} ${body}`
    })
    .join('; ')
  const check = parseHours(hours)
  return check.ok ? { ok: true, hours } : { ok: false, reason: check.error }
}
