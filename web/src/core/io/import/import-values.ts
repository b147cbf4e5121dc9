/**
 * One cell → one record value, as the database stores it (the checks of
 * supabase/migrations/*_create_facilities.sql): text trimmed with its inner whitespace and line
 * breaks collapsed, phones to `[0-9+() -]{3,40}`, capacity a whole number, the 普惠 flag a
 * boolean, status open / closed / planned, the category a known code.
 */
import { categoryFromName, type FacilityStatus } from '../../catalog/categories.ts'

/** Longest texts the database takes, in characters (code points). */
export const MAX_NAME_CHARS = 120
export const MAX_ADDRESS_CHARS = 200
export const MAX_OPERATOR_CHARS = 120
/** Capacity above this is taken for a typo (seats, slots or m² of one facility). */
export const MAX_CAPACITY = 1_000_000
/** `facilities_phone_valid`. */
export const PHONE_PATTERN = /^[0-9+() -]{3,40}$/

/** Length in characters as PostgreSQL's char_length counts them (code points). */
export function charLength(s: string): number {
  // Only surrogate pairs make code points and UTF-16 units differ.
  let pairs = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff) pairs++
  }
  return s.length - pairs
}

/**
 * A cell as one line of text: numbers as written, whitespace (line breaks, full-width spaces)
 * collapsed to single spaces, control characters dropped; undefined when blank.
 * @example cleanText(' 台北\n(大安) ') // '台北 (大安)'
 */
export function cleanText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined
  let s: string
  if (typeof value === 'string') s = value
  else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    s = String(value)
  else return undefined
  const t = s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000e-\u001f\u007f]/g, '')
    .replace(/[\s\u3000]+/g, ' ')
    .trim()
  return t === '' ? undefined : t
}

export type ValueResult<T> = { value: T; note?: string } | { value: null; problem: string }

/**
 * A phone number the database accepts: the first of several numbers, an extension dropped
 * (both noted), full-width digits made ASCII.
 * @example normalizePhone('02-28381571#253') // { value: '02-28381571', note: 'extension 253 dropped …' }
 */
export function normalizePhone(raw: string): ValueResult<string> {
  const parts = raw
    .normalize('NFKC')
    .split(/[\n;；,，、/]|\s{2,}/)
    .map((p) => p.trim())
    .filter(Boolean)
  if (parts.length === 0) return { value: null, problem: 'empty' }
  const notes: string[] = []
  if (parts.length > 1) notes.push(`only the first of ${parts.length} numbers kept`)
  let phone = parts[0]!
  const ext = /\s*(?:#|\*|转|轉|分机|分機|ext\.?|x)\s*(\d{1,6})\s*$/i.exec(phone)
  if (ext) {
    phone = phone.slice(0, ext.index).trim()
    notes.push(`extension ${ext[1]} dropped (not storable)`)
  }
  phone = phone.replace(/[.．]/g, '-').replace(/\s+/g, ' ')
  if (!PHONE_PATTERN.test(phone) || !/\d{3}/.test(phone.replace(/\D/g, ''))) {
    return {
      value: null,
      problem: `"${raw.slice(0, 60)}" is not a phone number (digits, + ( ) - and spaces)`,
    }
  }
  return notes.length ? { value: phone, note: notes.join('; ') } : { value: phone }
}

/**
 * A capacity as a whole number: `30`, `30人`, `30 个托位`, `1,200`.
 * @example parseCapacity('45人') // { value: 45 }
 */
export function parseCapacity(raw: unknown): ValueResult<number> {
  let n: number
  if (typeof raw === 'number') n = raw
  else {
    const t = String(raw).normalize('NFKC').trim().replace(/,/g, '')
    const m =
      /^(\d+(?:\.\d+)?)\s*(?:人|位|个|個|张|張|床|座|席|个?托位|個?托位|餐位|平方米|平米|m2|m²|㎡)?$/i.exec(
        t,
      )
    if (!m) return { value: null, problem: `"${String(raw).slice(0, 40)}" is not a number` }
    n = Number(m[1])
  }
  if (!Number.isFinite(n) || n < 0 || n > MAX_CAPACITY)
    return { value: null, problem: `${n} is outside 0–${MAX_CAPACITY}` }
  if (!Number.isInteger(n))
    return { value: Math.round(n), note: `${n} rounded to ${Math.round(n)}` }
  return { value: n }
}

const YES = new Set([
  '1',
  'true',
  'yes',
  'y',
  't',
  '是',
  '有',
  '普惠',
  '普惠性',
  '√',
  '✓',
  '✔',
  'x',
  '对',
  '對',
])
const NO = new Set(['0', 'false', 'no', 'n', 'f', '否', '无', '無', '非普惠', '不是', '×', '✗'])

/**
 * The 普惠 (inclusive) flag from yes/no spellings.
 * @example parseInclusive('是') // { value: true }
 */
export function parseInclusive(raw: unknown): ValueResult<boolean> {
  if (typeof raw === 'boolean') return { value: raw }
  const t = String(raw).normalize('NFKC').trim().toLowerCase()
  if (YES.has(t)) return { value: true }
  if (NO.has(t)) return { value: false }
  return { value: null, problem: `"${t.slice(0, 40)}" is not yes/no (是/否)` }
}

const STATUS: [RegExp, FacilityStatus][] = [
  [
    /^(?:open|opened|active|营业|營業|营业中|營業中|正常|正常营业|正常營業|开放|開放|运营|運營|运营中|運營中|开业|開業|在营|在營)$/i,
    'open',
  ],
  [
    /^(?:closed|close|inactive|关闭|關閉|已关闭|已關閉|停业|停業|歇业|歇業|暂停|暫停|暂停营业|暫停營業|注销|註銷|撤销|撤銷)$/i,
    'closed',
  ],
  [
    /^(?:planned|planning|规划|規劃|规划中|規劃中|筹建|籌建|筹建中|籌建中|拟建|擬建|在建|建设中|建設中)$/i,
    'planned',
  ],
]

/**
 * Facility status from Chinese or English words.
 * @example parseStatus('停业') // { value: 'closed' }
 */
export function parseStatus(raw: unknown): ValueResult<FacilityStatus> {
  const t = String(raw).normalize('NFKC').trim()
  for (const [re, status] of STATUS) if (re.test(t)) return { value: status }
  return {
    value: null,
    problem: `"${t.slice(0, 40)}" is not a status (open/营业, closed/停业, planned/筹建)`,
  }
}

/**
 * The category code a type cell names: the whole text, else one of its words
 * (`社區照顧關懷據點 10個時段` → canteen), when that code is among `known`.
 * @example categoryFromCell('便利商店', new Set(['store'])) // 'store'
 */
export function categoryFromCell(raw: string, known: ReadonlySet<string>): string | null {
  const whole = categoryFromName(raw)
  if (whole !== null && known.has(whole)) return whole
  if (known.has(raw.trim().toLowerCase())) return raw.trim().toLowerCase()
  const words = raw
    .normalize('NFKC')
    .split(/[\s,，、;；/|()（）·・]+/)
    .filter(Boolean)
  const hits = new Set(
    words.map((w) => categoryFromName(w)).filter((c): c is string => c !== null && known.has(c)),
  )
  return hits.size === 1 ? [...hits][0]! : null
}

/**
 * A name or address compared for duplicates: full-width forms folded, case, spaces and
 * punctuation ignored, 臺 read as 台.
 * @example normalizeForMatch('臺北市 大安區（和平東路）') === normalizeForMatch('台北市大安區(和平東路)') // true
 */
export function normalizeForMatch(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/臺/g, '台')
    .replace(/[\s\p{P}\p{S}]+/gu, '')
}
