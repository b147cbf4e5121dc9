import { discSpans, type PlaneGrid } from './plane-grid.ts'

/**
 * Demand is counted in whole micro-people so that every sum the selection compares is exact:
 * sums of integers below 2^53 are exact in floating point, so a candidate's gain does not
 * depend on the order of the additions, ties are real ties, and the lazy and the plain greedy
 * compare the very same numbers (9·10^9 people fit).
 */
export const UNITS_PER_PERSON = 1e6

/** A maximal covering problem on a demand grid. */
export interface CoverProblem {
  grid: PlaneGrid
  /** People not yet within reach, per cell (the cell's centre stands for them). */
  demand: Float64Array
  /** Candidate sites in the grid's plane, metres. */
  cx: Float64Array
  cy: Float64Array
  /** A site covers the cells whose centres are within this many metres. */
  reachM: number
}

export interface GreedyOptions {
  /** How many sites to choose (fewer when nothing more can be gained). */
  k: number
  /** Chosen sites are at least this far apart, metres (default 0: no rule). */
  minSpacingM?: number
  /**
   * Capacity mode: each new site serves at most this many people of the target group, the
   * nearest first (ties by cell index); a cell may be served in part and by several sites. Its
   * gain is min(capacity, people not yet served within reach). Without it a site serves every
   * person within reach.
   */
  capacity?: number
  /** Lazy evaluation (CELF, default true); false re-evaluates every candidate each round. */
  lazy?: boolean
}

export interface GreedyPick {
  /** Index into the problem's candidates. */
  candidate: number
  /** People newly covered (served, in capacity mode) by this site given the earlier picks. */
  gain: number
}

export interface GreedyResult {
  picks: GreedyPick[]
  /** Gain evaluations done (a measure of the work; the plain greedy does ~k × candidates). */
  evaluations: number
}

/**
 * Greedy maximal covering: k times, the candidate that newly covers the most people, the
 * chosen ones' people removed before the next round. Coverage is monotone submodular, so the
 * greedy set covers at least 1 − 1/e of the best k-set's people (Nemhauser, Wolsey & Fisher
 * 1978). With `lazy` (the default) it is CELF (Leskovec et al. 2007): a max-heap of earlier
 * gains, which only shrink, serves as upper bounds; the top is re-evaluated and accepted when it
 * is still the top — the same picks as the plain greedy (ties broken by candidate index in
 * both) with a small fraction of the evaluations. A candidate's gain is O(rows of its disc):
 * row prefix sums of the remaining demand, rebuilt for the rows a pick touches.
 * `problem.demand` is not modified.
 * @example greedyCover({ grid, demand, cx, cy, reachM: 1000 }, { k: 3, minSpacingM: 500 }).picks
 */
export function greedyCover(problem: CoverProblem, options: GreedyOptions): GreedyResult {
  const { grid, cx, cy, reachM } = problem
  const { nx, ny } = grid
  const k = Math.max(0, Math.floor(options.k))
  const lazy = options.lazy ?? true
  const spacing = options.minSpacingM ?? 0
  const spacing2 = spacing * spacing
  const capUnits =
    options.capacity === undefined ? Infinity : Math.round(options.capacity * UNITS_PER_PERSON)
  if (!(capUnits >= 0)) throw new RangeError(`capacity must be ≥ 0, not ${options.capacity}`)
  const units = new Float64Array(problem.demand.length)
  for (let c = 0; c < units.length; c++) {
    const v = problem.demand[c]!
    units[c] = v > 0 ? Math.round(v * UNITS_PER_PERSON) : 0
  }
  const stride = nx + 1
  const prefix = new Float64Array(ny * stride)
  const rebuildRow = (i: number): void => {
    let s = 0
    const base = i * stride
    const cells = i * nx
    prefix[base] = 0
    for (let j = 0; j < nx; j++) {
      s += units[cells + j]!
      prefix[base + j + 1] = s
    }
  }
  for (let i = 0; i < ny; i++) rebuildRow(i)

  let buf: Int32Array = new Int32Array(3 * 96)
  let evaluations = 0
  const gainOf = (q: number): number => {
    evaluations++
    const d = discSpans(grid, cx[q]!, cy[q]!, reachM, buf)
    buf = d.spans
    let sum = 0
    for (let s = 0; s < d.n; s++) {
      const base = buf[3 * s]! * stride
      sum += prefix[base + buf[3 * s + 2]! + 1]! - prefix[base + buf[3 * s + 1]!]!
    }
    return sum < capUnits ? sum : capUnits
  }

  const chosen: number[] = []
  const farEnough = (q: number): boolean => {
    if (spacing2 <= 0) return true
    for (const p of chosen) {
      const dx = cx[p]! - cx[q]!
      const dy = cy[p]! - cy[q]!
      if (dx * dx + dy * dy < spacing2) return false
    }
    return true
  }

  const take = (q: number): void => {
    const d = discSpans(grid, cx[q]!, cy[q]!, reachM, buf)
    buf = d.spans
    if (capUnits === Infinity) {
      for (let s = 0; s < d.n; s++) {
        const i = buf[3 * s]!
        units.fill(0, i * nx + buf[3 * s + 1]!, i * nx + buf[3 * s + 2]! + 1)
      }
    } else {
      // Nearest first: the people a site of limited capacity would serve.
      const cells: number[] = []
      const dist: number[] = []
      for (let s = 0; s < d.n; s++) {
        const i = buf[3 * s]!
        const y = grid.y0 + (i + 0.5) * grid.cell - cy[q]!
        for (let j = buf[3 * s + 1]!; j <= buf[3 * s + 2]!; j++) {
          if (!(units[i * nx + j]! > 0)) continue
          const x = grid.x0 + (j + 0.5) * grid.cell - cx[q]!
          cells.push(i * nx + j)
          dist.push(x * x + y * y)
        }
      }
      const order = cells.map((_, t) => t)
      order.sort((a, b) => dist[a]! - dist[b]! || cells[a]! - cells[b]!)
      let left = capUnits
      for (const t of order) {
        if (left <= 0) break
        const c = cells[t]!
        const served = Math.min(left, units[c]!)
        units[c]! -= served
        left -= served
      }
    }
    for (let s = 0; s < d.n; s++) rebuildRow(buf[3 * s]!)
  }

  const picks: GreedyPick[] = []
  const n = cx.length
  if (!lazy) {
    const out = new Uint8Array(n)
    while (picks.length < k) {
      let best = -1
      let bestGain = 0
      for (let q = 0; q < n; q++) {
        if (out[q] || !farEnough(q)) {
          out[q] = 1
          continue
        }
        const g = gainOf(q)
        if (g > bestGain) {
          best = q
          bestGain = g
        }
      }
      if (best < 0) break
      take(best)
      chosen.push(best)
      out[best] = 1
      picks.push({ candidate: best, gain: bestGain / UNITS_PER_PERSON })
    }
    return { picks, evaluations }
  }

  const heap = new CandidateHeap(n)
  for (let q = 0; q < n; q++) heap.push(gainOf(q), q, 0)
  while (picks.length < k && heap.size > 0) {
    const round = picks.length
    const top = heap.pop()
    if (!farEnough(top.candidate)) continue
    if (top.stamp === round || top.gain <= 0) {
      // Fresh this round (or nothing left anywhere: bounds only shrink): it is the best.
      if (top.gain <= 0) break
      take(top.candidate)
      chosen.push(top.candidate)
      picks.push({ candidate: top.candidate, gain: top.gain / UNITS_PER_PERSON })
      continue
    }
    heap.push(gainOf(top.candidate), top.candidate, round)
  }
  return { picks, evaluations }
}

/**
 * A binary max-heap of (gain, candidate, stamp), ordered by gain and then by lower candidate
 * index, so the lazy greedy breaks ties exactly as the plain one does.
 */
class CandidateHeap {
  private gain: Float64Array
  private cand: Int32Array
  private stamp: Int32Array
  size = 0

  constructor(capacity: number) {
    this.gain = new Float64Array(Math.max(1, capacity))
    this.cand = new Int32Array(Math.max(1, capacity))
    this.stamp = new Int32Array(Math.max(1, capacity))
  }

  private above(a: number, b: number): boolean {
    const ga = this.gain[a]!
    const gb = this.gain[b]!
    return ga > gb || (ga === gb && this.cand[a]! < this.cand[b]!)
  }

  private swap(a: number, b: number): void {
    const g = this.gain[a]!
    this.gain[a] = this.gain[b]!
    this.gain[b] = g
    const c = this.cand[a]!
    this.cand[a] = this.cand[b]!
    this.cand[b] = c
    const s = this.stamp[a]!
    this.stamp[a] = this.stamp[b]!
    this.stamp[b] = s
  }

  push(gain: number, candidate: number, stamp: number): void {
    let i = this.size++
    this.gain[i] = gain
    this.cand[i] = candidate
    this.stamp[i] = stamp
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.above(i, parent)) break
      this.swap(i, parent)
      i = parent
    }
  }

  pop(): { gain: number; candidate: number; stamp: number } {
    const top = { gain: this.gain[0]!, candidate: this.cand[0]!, stamp: this.stamp[0]! }
    this.size--
    if (this.size > 0) {
      this.gain[0] = this.gain[this.size]!
      this.cand[0] = this.cand[this.size]!
      this.stamp[0] = this.stamp[this.size]!
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < this.size && this.above(l, m)) m = l
        if (r < this.size && this.above(r, m)) m = r
        if (m === i) break
        this.swap(i, m)
        i = m
      }
    }
    return top
  }
}
