/** Spellings of "no value" found in real exports (the Taipei childcare file writes "NA"). */
const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '-', '--', '無', '无'])

/** The result of reading one numeric cell: a number, missing, or unreadable (with the raw text). */
export type NumberCell =
  { kind: 'number'; value: number } | { kind: 'missing' } | { kind: 'invalid'; raw: string }

/**
 * Reads a number from a JSON value or a CSV cell: numbers, numeric strings (spaces and
 * thousands separators allowed: "1,234"), and the usual "missing" spellings (NA, null, empty).
 * @example readNumber(' 25.03 ') // { kind: 'number', value: 25.03 }
 * @example readNumber('NA') // { kind: 'missing' }
 */
export function readNumber(value: unknown): NumberCell {
  if (value === null || value === undefined) return { kind: 'missing' }
  if (typeof value === 'number') {
    return Number.isFinite(value)
      ? { kind: 'number', value }
      : { kind: 'invalid', raw: String(value) }
  }
  if (typeof value !== 'string') return { kind: 'invalid', raw: previewValue(value) }
  const t = value.trim()
  if (MISSING.has(t.toLowerCase())) return { kind: 'missing' }
  const plain = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t) ? t.replaceAll(',', '') : t
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(plain)) return { kind: 'invalid', raw: value }
  // "1e400" is written like a number but is none (Infinity).
  const n = Number(plain)
  return Number.isFinite(n) ? { kind: 'number', value: n } : { kind: 'invalid', raw: value }
}

/**
 * True when a text looks like HTML markup (a tag, a comment, a character reference or a
 * `javascript:` URL). Names are shown on the map and in exports, so markup is refused rather
 * than stored and escaped in every place that shows it.
 * @example containsHtml('<b>食堂</b>') // true
 * @example containsHtml('A&B 便利店') // false
 */
export function containsHtml(text: string): boolean {
  return /<\s*[a-zA-Z!/?]|&#?\w+;|javascript:/i.test(text)
}

/**
 * Finds the first of `candidates` among `names`, ignoring case, spaces, `_` and `-`.
 * @example findField(['序號', 'LAT', 'Lon'], ['lon', 'lng']) // 'Lon'
 */
export function findField(
  names: readonly string[],
  candidates: readonly string[],
): string | undefined {
  const norm = (s: string): string => s.toLowerCase().replace(/[\s_-]/g, '')
  const byNorm = new Map<string, string>()
  for (const n of names) if (!byNorm.has(norm(n))) byNorm.set(norm(n), n)
  for (const c of candidates) {
    const hit = byNorm.get(norm(c))
    if (hit !== undefined) return hit
  }
  return undefined
}

/** Reads a text cell: strings trimmed, numbers as written, missing as undefined. */
export function readText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (typeof value !== 'string') return undefined
  const t = value.trim()
  return t === '' ? undefined : t
}

/** Nesting shown by {@link previewValue} before "…". */
const PREVIEW_DEPTH = 3

/**
 * A short JSON-like rendering of any value for a message, bounded in depth and length: input
 * can nest arrays 100,000 deep, which JSON.stringify (recursive) turns into a stack overflow.
 * @example previewValue([[[[1, 2]]]]) // '[[[…]]]'
 */
export function previewValue(value: unknown, maxChars = 60): string {
  const walk = (v: unknown, depth: number): string => {
    if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? String(v)
    if (depth >= PREVIEW_DEPTH) return '…'
    const parts: string[] = []
    let len = 0
    const entries = Array.isArray(v) ? v.map((x) => ['', x] as const) : Object.entries(v)
    for (const [k, x] of entries) {
      if (len > maxChars) {
        parts.push('…')
        break
      }
      const part = (k ? `${JSON.stringify(k)}:` : '') + walk(x, depth + 1)
      len += part.length + 1
      parts.push(part)
    }
    return Array.isArray(v) ? `[${parts.join(',')}]` : `{${parts.join(',')}}`
  }
  const out = walk(value, 0)
  return out.length > maxChars ? `${out.slice(0, maxChars)}…` : out
}
