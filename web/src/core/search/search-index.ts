import type { LngLat } from '../geo/units.ts'
import { greatCircleRaw } from '../nearby/distance-source.ts'
import { createNormalizer, type Simplify } from './normalize-text.ts'

/** What an item is found by. */
export interface SearchFields {
  name: string
  address?: string | null
  /** The community (or street) the item belongs to. */
  community?: string | null
  /** WGS-84 degrees, for "nearer first" among equal matches. */
  lon?: number
  lat?: number
}

/** How well an item matched, best first. */
export const MATCH_RANKS = ['exact', 'prefix', 'name', 'address', 'community'] as const
export type MatchKind = (typeof MATCH_RANKS)[number]

export interface SearchHit<T> {
  item: T
  /** Position of the item in the list the index was built from. */
  index: number
  match: MatchKind
  /** Great-circle metres from the query point, when one was given and the item has a position. */
  distance_m?: number
}

export interface SearchOptions<T> {
  /** Most hits returned (default 20). */
  limit?: number
  /** Nearer first among equal matches. */
  near?: LngLat
  filter?: (item: T) => boolean
}

export interface SearchResult<T> {
  hits: SearchHit<T>[]
  /** Every item that matched, before `limit`. */
  total: number
}

export interface SearchIndex<T> {
  readonly size: number
  /**
   * Items whose name, address or community holds every whitespace-separated part of the query
   * (after folding: Traditional → Simplified, full → half width, case). Ranked: exact name >
   * name prefix > name substring > address > community; then nearer first when `near` is
   * given, else shorter name first; then name, then input order.
   */
  search(query: string, options?: SearchOptions<T>): SearchResult<T>
  /** The folding both sides go through (for highlighting, or for tests). */
  normalize(text: string): string
}

const RANK: Record<MatchKind, number> = {
  exact: 0,
  prefix: 1,
  name: 2,
  address: 3,
  community: 4,
}

// Field separators inside the concatenated texts; the folding drops control characters from
// queries, so a match can never span two items or two fields.
const ITEM_SEP = '\u0000'
const FIELD_SEP = '\u0001'

/**
 * Builds a search index over items: every folded name in one string and every folded
 * address + community in another, with each item's offsets, so a query is a few `indexOf`
 * scans (one pass over the text, skipping to the next item after each match) and a binary
 * search per match. Little memory, no per-character index, any query length.
 * @example buildSearchIndex(facilities, (f) => ({ name: f.name, address: f.address }), { simplify }).search('食堂').hits[0].item
 */
export function buildSearchIndex<T>(
  items: readonly T[],
  fields: (item: T) => SearchFields,
  options: { simplify?: Simplify } = {},
): SearchIndex<T> {
  const normalize = createNormalizer(options.simplify)
  const n = items.length
  const nameStart = new Int32Array(n + 1)
  const otherStart = new Int32Array(n + 1)
  const communityStart = new Int32Array(n)
  const nameLen = new Int32Array(n)
  const lon = new Float64Array(n).fill(NaN)
  const lat = new Float64Array(n).fill(NaN)
  const rawNames: string[] = new Array<string>(n)
  // Each item's folded fields again, for bounded checks of further query parts.
  const nameOf: string[] = new Array<string>(n)
  const addressOf: string[] = new Array<string>(n)
  const communityOf: string[] = new Array<string>(n)
  const names: string[] = []
  const others: string[] = []
  let namePos = 0
  let otherPos = 0
  for (let i = 0; i < n; i++) {
    const f = fields(items[i]!)
    const name = normalize(f.name)
    const address = f.address ? normalize(f.address) : ''
    const community = f.community ? normalize(f.community) : ''
    rawNames[i] = f.name
    nameOf[i] = name
    addressOf[i] = address
    communityOf[i] = community
    nameStart[i] = namePos + 1
    nameLen[i] = name.length
    names.push(ITEM_SEP, name)
    namePos += 1 + name.length
    otherStart[i] = otherPos + 1
    communityStart[i] = otherPos + 1 + address.length + 1
    others.push(ITEM_SEP, address, FIELD_SEP, community)
    otherPos += 1 + address.length + 1 + community.length
    if (f.lon !== undefined && f.lat !== undefined) {
      lon[i] = f.lon
      lat[i] = f.lat
    }
  }
  nameStart[n] = namePos + 1
  otherStart[n] = otherPos + 1
  const nameText = names.join('')
  const otherText = others.join('')

  /** The item whose segment holds position p (starts[i] ≤ p < starts[i + 1]). */
  const owner = (starts: Int32Array, p: number): number => {
    let lo = 0
    let hi = n - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (starts[mid]! <= p) lo = mid
      else hi = mid - 1
    }
    return lo
  }

  /** Calls `hit(i, p)` once per item whose segment in `text` contains `term` (first match p). */
  const scan = (
    text: string,
    starts: Int32Array,
    term: string,
    hit: (i: number, p: number) => void,
  ): void => {
    let p = text.indexOf(term)
    while (p >= 0) {
      const i = owner(starts, p)
      hit(i, p)
      p = text.indexOf(term, starts[i + 1]!)
    }
  }

  const inName = (i: number, term: string): number => nameOf[i]!.indexOf(term)
  const inOther = (i: number, term: string): MatchKind | null =>
    addressOf[i]!.includes(term) ? 'address' : communityOf[i]!.includes(term) ? 'community' : null

  return {
    size: n,
    normalize,
    search(query, opts = {}) {
      const limit = opts.limit ?? 20
      const terms = query
        .split(/[\s\u3000]+/)
        .map(normalize)
        .filter((t) => t.length > 0)
      if (terms.length === 0 || n === 0) return { hits: [], total: 0 }
      const whole = terms.join('')
      // Best rank per item; 255: not (yet) a match.
      const best = new Uint8Array(n).fill(255)
      const matched: number[] = []
      const rankOf = (i: number): number => {
        const p = inName(i, whole)
        if (p === 0) return nameLen[i] === whole.length ? RANK.exact : RANK.prefix
        if (p >= 0) return RANK.name
        if (terms.length === 1) {
          const other = inOther(i, whole)
          return other === null ? 255 : RANK[other]
        }
        // Several parts: each must appear in the name or the address or the community.
        let worst = RANK.name
        for (const t of terms) {
          if (inName(i, t) >= 0) continue
          const other = inOther(i, t)
          if (other === null) return 255
          worst = Math.max(worst, RANK[other])
        }
        return worst
      }
      const accept = (i: number, r: number): void => {
        if (opts.filter && !opts.filter(items[i]!)) {
          best[i] = 254
          return
        }
        best[i] = r
        matched.push(i)
      }
      const first = terms[0]!
      if (terms.length === 1) {
        // One part: the scans' positions give the rank (first match in the name, or in the
        // address before the community), no further search per item.
        scan(nameText, nameStart, first, (i, p) => {
          const at = p - nameStart[i]!
          accept(i, at > 0 ? RANK.name : nameLen[i] === first.length ? RANK.exact : RANK.prefix)
        })
        scan(otherText, otherStart, first, (i, p) => {
          if (best[i] === 255) accept(i, p < communityStart[i]! ? RANK.address : RANK.community)
        })
      } else {
        // Candidates: every item holding the first part anywhere; rankOf checks the rest.
        const consider = (i: number): void => {
          if (best[i] !== 255) return
          const r = rankOf(i)
          if (r === 255) best[i] = 254
          else accept(i, r)
        }
        scan(nameText, nameStart, first, consider)
        scan(otherText, otherStart, first, consider)
      }

      const near = opts.near
      const dist = near
        ? (i: number): number =>
            Number.isNaN(lon[i]!) ? Infinity : greatCircleRaw(near[0], near[1], lon[i]!, lat[i]!)
        : null
      // Sort by rank buckets, and only as much of the last needed bucket as the limit asks.
      const buckets: number[][] = [[], [], [], [], []]
      for (const i of matched) buckets[best[i]!]!.push(i)
      const hits: SearchHit<T>[] = []
      for (let r = 0; r < buckets.length && hits.length < limit; r++) {
        const bucket = buckets[r]!
        const keys = dist ? bucket.map(dist) : null
        const cmp = (a: number, b: number): number => {
          if (keys) {
            const d = keys[a]! - keys[b]!
            if (d !== 0 && !Number.isNaN(d)) return d
          } else {
            const d = nameLen[bucket[a]!]! - nameLen[bucket[b]!]!
            if (d !== 0) return d
          }
          const na = rawNames[bucket[a]!]!
          const nb = rawNames[bucket[b]!]!
          if (na !== nb) return na < nb ? -1 : 1
          return bucket[a]! - bucket[b]!
        }
        const order = smallest(bucket.length, limit - hits.length, cmp)
        for (const k of order) {
          if (hits.length >= limit) break
          const i = bucket[k]!
          const hit: SearchHit<T> = { item: items[i]!, index: i, match: MATCH_RANKS[r]! }
          if (keys && Number.isFinite(keys[k]!)) hit.distance_m = keys[k]!
          hits.push(hit)
        }
      }
      return { hits, total: matched.length }
    },
  }
}

/**
 * The `k` smallest of 0 … m − 1 under `cmp`, sorted: a sorted window of k kept by binary
 * insertion, so a query matching 60,000 items orders 20 of them, not all.
 * @example smallest(5, 2, (a, b) => [3, 1, 4, 1, 5][a]! - [3, 1, 4, 1, 5][b]! || a - b) // [1, 3]
 */
export function smallest(m: number, k: number, cmp: (a: number, b: number) => number): number[] {
  if (k <= 0) return []
  if (m <= k * 4) {
    const all = Array.from({ length: m }, (_, i) => i)
    return all.sort(cmp).slice(0, k)
  }
  const top: number[] = []
  for (let i = 0; i < m; i++) {
    if (top.length === k && cmp(i, top[k - 1]!) >= 0) continue
    let lo = 0
    let hi = top.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (cmp(top[mid]!, i) <= 0) lo = mid + 1
      else hi = mid
    }
    top.splice(lo, 0, i)
    if (top.length > k) top.pop()
  }
  return top
}
