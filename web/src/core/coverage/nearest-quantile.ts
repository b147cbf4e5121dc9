export interface NearestQuantileOptions {
  /** d(share)/dr (per metre) at the most recent `share` evaluation, enabling Newton steps. */
  slopeOfLast?: () => number
  /** d(share)/dr at r0. */
  s0Slope?: number
}

/**
 * For each of `targets` (ascending shares in (0, 1]), the smallest reach r in metres at which a
 * non-decreasing share function reaches it, to within `tolM` (the returned r is at or above the
 * exact one, unless Newton's converged estimate is off by more than tolM / 4): the quantiles of residents' distance to the nearest facility. Uses the same share
 * function as the coverage figures, so the quantiles are consistent with them. Every evaluation
 * is kept and brackets every target (the median's search narrows the 90th percentile's).
 * Brackets from a known point (r0, s0) — the configured reach, already computed — doubling up to
 * `maxM`; then Newton steps when the slope is known (the covered area grows at the rate of its
 * bounding arc length), else Illinois false position, bisecting whenever three steps failed to
 * halve the bracket. null where the share stays below the target within `maxM`.
 * @example nearestQuantiles((r) => Math.min(1, r / 2000), [0.5, 0.9], 1000, 0.5, 5000, 1) // ≈ [1000, 1800]
 */
export function nearestQuantiles(
  share: (r: number) => number,
  targets: readonly number[],
  r0: number,
  s0: number,
  maxM: number,
  tolM: number,
  options: NearestQuantileOptions = {},
): Array<number | null> {
  const rs: number[] = [0]
  const ss: number[] = [0]
  const ds: number[] = [NaN]
  const probe = (r: number): number => {
    const s = share(r)
    rs.push(r)
    ss.push(s)
    ds.push(options.slopeOfLast ? options.slopeOfLast() : NaN)
    return ds.length - 1
  }
  if (r0 > 0) {
    rs.push(r0)
    ss.push(s0)
    ds.push(options.s0Slope ?? NaN)
  }
  return targets.map((target) => {
    // Tightest bracket from what is known: share(rs[lo]) < target ≤ share(rs[hi]).
    let lo = 0
    let hi = -1
    for (let k = 1; k < rs.length; k++) {
      const r = rs[k]!
      if (ss[k]! < target) {
        if (r > rs[lo]!) lo = k
      } else if (hi < 0 || r < rs[hi]!) hi = k
    }
    while (hi < 0) {
      const a = rs[lo]!
      if (a >= maxM) return null
      // Overshoot a Newton step by 30% to bracket the root, else double.
      const slope = ds[lo]!
      let r = a > 0 ? 2 * a : 1000
      if (slope > 0) r = Math.max(1.1 * a, a + (1.3 * (target - ss[lo]!)) / slope)
      const k = probe(Math.min(r, maxM))
      if (ss[k]! >= target) hi = k
      else lo = k
    }
    let side = 0
    let newton = 0
    let wlo = ss[lo]!
    let whi = ss[hi]!
    const widths = [Infinity, Infinity, rs[hi]! - rs[lo]!]
    while (rs[hi]! - rs[lo]! > tolM) {
      const a = rs[lo]!
      const b = rs[hi]!
      let r = NaN
      // Newton from the end nearer the target, when its slope is known (it may approach the
      // root from one side, so it is not held to halving the bracket; six tries at most).
      let near = target - ss[lo]! < ss[hi]! - target ? lo : hi
      if (!(ds[near]! > 0)) near = near === lo ? hi : lo
      const slope = ds[near]!
      if (slope > 0 && newton < 6) {
        const step = (target - ss[near]!) / slope
        // Converged: the last probe was a Newton step and the next correction is tiny (Newton's
        // error is then of the order of its square), so the root is known well inside tolM;
        // answer a quarter tolerance above it rather than spend two probes closing the bracket.
        if (newton > 0 && near === rs.length - 1 && Math.abs(step) < tolM / 8) {
          return Math.min(b, rs[near]! + step + tolM / 4)
        }
        r = rs[near]! + step
        if (r > a && r < b) newton++
        else r = NaN
      }
      if (Number.isNaN(r)) {
        r =
          b - a > widths[widths.length - 3]! / 2
            ? (a + b) / 2
            : a + ((target - wlo) * (b - a)) / (whi - wlo)
      }
      // Keep the probe inside and at least tolM/2 from the ends: an accurate estimate then
      // closes the bracket with one more probe on the other side.
      const margin = Math.min(tolM / 2, (b - a) / 4)
      if (!(r > a + margin)) r = a + margin
      if (r > b - margin) r = b - margin
      const k = probe(r)
      if (ss[k]! >= target) {
        hi = k
        whi = ss[k]!
        if (side === 1) wlo = target - (target - wlo) / 2
        side = 1
      } else {
        lo = k
        wlo = ss[k]!
        if (side === -1) whi = target + (whi - target) / 2
        side = -1
      }
      widths.push(rs[hi]! - rs[lo]!)
    }
    return rs[hi]!
  })
}
