/**
 * For each of `targets` (ascending shares in (0, 1]), the smallest reach r in metres at which a
 * non-decreasing share function reaches it, to within `tolM`: the quantiles of residents'
 * distance to the nearest facility. Uses the same share function as the coverage figures, so
 * the quantiles are consistent with them. Every evaluation is kept and used to bracket every
 * target (the median's search narrows the 90th percentile's). Brackets from a known point
 * (r0, s0) — the configured reach, already computed — doubling up to `maxM`, then Illinois false
 * position, bisecting when three steps failed to halve the bracket (a handful of evaluations on these smooth curves,
 * where plain bisection needs ~13). null where the share stays below the target within `maxM`.
 * @example nearestQuantiles((r) => Math.min(1, r / 2000), [0.5, 0.9], 1000, 0.5, 5000, 1) // ≈ [1000, 1800]
 */
export function nearestQuantiles(
  share: (r: number) => number,
  targets: readonly number[],
  r0: number,
  s0: number,
  maxM: number,
  tolM: number,
): Array<number | null> {
  const rs: number[] = [0]
  const ss: number[] = [0]
  const probe = (r: number): number => {
    const s = share(r)
    rs.push(r)
    ss.push(s)
    return s
  }
  if (r0 > 0) {
    rs.push(r0)
    ss.push(s0)
  }
  return targets.map((target) => {
    // Tightest bracket from what is known: share(lo) < target ≤ share(hi).
    let lo = 0
    let slo = 0
    let hi = Infinity
    let shi = 1
    for (let k = 0; k < rs.length; k++) {
      const r = rs[k]!
      const s = ss[k]!
      if (s < target && r > lo) {
        lo = r
        slo = s
      } else if (s >= target && r < hi) {
        hi = r
        shi = s
      }
    }
    while (hi === Infinity) {
      if (lo >= maxM) return null
      const r = lo > 0 ? Math.min(lo * 2, maxM) : Math.min(1000, maxM)
      const s = probe(r)
      if (s >= target) {
        hi = r
        shi = s
      } else {
        lo = r
        slo = s
      }
    }
    let side = 0
    let width3 = Infinity
    let width2 = Infinity
    let width1 = hi - lo
    while (hi - lo > tolM) {
      // Illinois false position, bisecting when three steps failed to halve the bracket.
      let r = hi - lo > width3 / 2 ? (lo + hi) / 2 : lo + ((target - slo) * (hi - lo)) / (shi - slo)
      // Keep the probe strictly inside and away from the ends so the bracket always shrinks.
      const margin = Math.min(tolM / 2, (hi - lo) / 4)
      if (!(r > lo + margin)) r = lo + margin
      if (r > hi - margin) r = hi - margin
      const s = probe(r)
      if (s >= target) {
        hi = r
        shi = s
        if (side === 1) slo = target - (target - slo) / 2
        side = 1
      } else {
        lo = r
        slo = s
        if (side === -1) shi = target + (shi - target) / 2
        side = -1
      }
      width3 = width2
      width2 = width1
      width1 = hi - lo
    }
    return hi
  })
}
