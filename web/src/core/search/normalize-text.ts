/** Text in Traditional Chinese to Simplified (per the t→cn tables of OpenCC). */
export type Simplify = (text: string) => string

/**
 * Loads the Traditional → Simplified converter (opencc-js's t2cn build, about 110 kB, 52 kB
 * gzipped) on first use, so the page that never searches never downloads it. Taiwan's variant
 * forms are folded too (`tw` → `cn`).
 * @example const simplify = await loadSimplifier(); simplify('長者食堂') // '长者食堂'
 */
export async function loadSimplifier(): Promise<Simplify> {
  const { Converter } = await import('opencc-js/t2cn')
  return Converter({ from: 'tw', to: 'cn' })
}

/** Dropped before matching: spaces, middle dots, dashes, brackets, control characters. */
// eslint-disable-next-line no-control-regex -- control characters are dropped on purpose: the index uses two as separators
const IGNORED = /[\s\u0000-\u001f·・•‧\-‐‑–—_()[\]【】「」『』《》〈〉]/gu

/**
 * Returns a function that folds text for matching: NFKC (full-width letters, digits and
 * punctuation to half-width, compatibility ideographs to the usual ones), lower case, every
 * Chinese character to its Simplified form one character at a time, and separators dropped.
 * Both the index and the query go through it, so "長者食堂", "长者食堂" and "长者 食堂" are one.
 *
 * Characters are converted one by one, not as phrases, so a character folds the same way
 * wherever it stands and a fragment of a name folds as it does inside the name. Each distinct
 * character is converted once and cached.
 * @example createNormalizer(simplify)('ＡＢＣ 長者食堂') // 'abc长者食堂'
 */
export function createNormalizer(simplify?: Simplify): (text: string) => string {
  // Per BMP code unit: 0 not seen yet, 1 unchanged by the converter, 2 changed (see `folded`).
  const seen = new Uint8Array(0x10000)
  const folded = new Map<string, string>()
  const fold = (ch: string): string => {
    let out = folded.get(ch)
    if (out === undefined) {
      out = simplify ? simplify(ch) : ch
      folded.set(ch, out)
    }
    return out
  }
  return (text) => {
    const base = text.normalize('NFKC').toLowerCase().replace(IGNORED, '')
    if (!simplify) return base
    let out = ''
    let plainFrom = 0
    for (let i = 0; i < base.length; i++) {
      const code = base.charCodeAt(i)
      // CJK radicals and beyond (U+2E80…); surrogate pairs carry the rarer ideographs.
      if (code < 0x2e80 || seen[code] === 1) continue
      const wide = code >= 0xd800 && code <= 0xdbff && i + 1 < base.length
      const ch = wide ? base.slice(i, i + 2) : base[i]!
      const to = fold(ch)
      if (!wide) seen[code] = to === ch ? 1 : 2
      if (to !== ch) {
        out += base.slice(plainFrom, i) + to
        plainFrom = i + ch.length
      }
      if (wide) i++
    }
    return plainFrom === 0 ? base : out + base.slice(plainFrom)
  }
}
