export interface NearestQuantileOptions {
  /** d(share)/dr (per metre) at the most recent `share` evaluation, enabling Newton steps. */
  slopeOfLast?: () => number
  /** d(share)/dr at r0. */
  s0Slope?: number
  /**
   * A first estimate of the r at which the share reaches `target` (e.g. from sample points), or
   * null. With `slopeOfLast`, the search starts with Newton steps from it.
   */
  guess?: (target: number) => number | null
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
  let lo = 0
  let hi = -1
  /** Tightest bracket from what is known: share(rs[lo]) < target ≤ share(rs[hi]). */
  const bracket = (target: number): void => {
    lo = 0
    hi = -1
    for (let k = 1; k < rs.length; k++) {
      const r = rs[k]!
      if (ss[k]! < target) {
        if (r > rs[lo]!) lo = k
      } else if (hi < 0 || r < rs[hi]!) hi = k
    }
  }
  /**
   * Newton from a guess, accepted once the next correction is at most tolM / 2 and Newton's
   * error (≈ κ·step², κ = |s''| / 2s' from the two latest slopes, at least 1/2r as for one
   * growing disc, doubled for safety) is under tolM / 8: then r + step + tolM / 4 is at or
   * above the root and within tolM / 2 of it. (A larger step is not trusted: the share's
   * curvature jumps where discs start to overlap or to cross the boundary.) Undefined when it leaves the bracket or stalls; the
   * bracketing search then goes on from everything probed.
   */
  const fromGuess = (target: number, guess: number): number | undefined => {
    let r = guess
    let prev = -1
    for (let it = 0; it < 3; it++) {
      bracket(target)
      if (hi >= 0 && rs[hi]! - rs[lo]! <= tolM) return rs[hi]!
      const b = hi >= 0 ? rs[hi]! : maxM
      if (!(r > rs[lo]! && r < b)) return undefined
      const k = probe(r)
      const slope = ds[k]!
      if (!(slope > 0)) return undefined
      const step = (target - ss[k]!) / slope
      let kappa = 1 / (2 * r)
      if (prev >= 0 && rs[prev] !== r && ds[prev]! > 0) {
        kappa = Math.max(kappa, Math.abs((slope - ds[prev]!) / (r - rs[prev]!)) / (2 * slope))
      }
      if (Math.abs(step) <= tolM / 2 && 2 * kappa * step * step < tolM / 8) {
        const best = r + step + tolM / 4
        bracket(target)
        if (hi >= 0) return Math.min(rs[hi]!, best)
        return best <= maxM ? best : undefined
      }
      prev = k
      r += step
    }
    return undefined
  }
  return targets.map((target) => {
    const g = options.slopeOfLast && options.guess ? options.guess(target) : null
    if (g !== null && g > 0) {
      const found = fromGuess(target, Math.min(g, maxM))
      if (found !== undefined) return found
    }
    bracket(target)
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
