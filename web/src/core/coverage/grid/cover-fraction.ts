/**
 * Fraction of a square cell of side `h` (centred on the origin) on the near side of the line
 * u·q = t, u a unit vector: the reach boundary is nearly straight across one cell, so this is
 * the covered part of a cell whose centre is `t` metres inside the reach along the direction
 * from its nearest facility. It is the CDF of a sum of two uniform variables (a trapezoid).
 * @example cellCoverFraction(0, 1, 0, 10) // 0.5: the boundary through the centre
 */
export function cellCoverFraction(t: number, ux: number, uy: number, h: number): number {
  const a = Math.abs(ux) * h
  const b = Math.abs(uy) * h
  const big = a > b ? a : b
  const small = a > b ? b : a
  const z = t + (big + small) / 2
  if (z <= 0) return 0
  if (z >= big + small) return 1
  if (small < 1e-9 * h) return z / big
  if (z < small) return (z * z) / (2 * big * small)
  if (z <= big) return (z - small / 2) / big
  const w = big + small - z
  return 1 - (w * w) / (2 * big * small)
}

/** Samples of the direction-averaged fraction over s = t / h ∈ [−√2/2, √2/2]. */
const MEAN_SAMPLES = 1024
const S_MAX = Math.SQRT2 / 2
const meanTable = (() => {
  const table = new Float64Array(MEAN_SAMPLES + 1)
  const angles = 90
  for (let i = 0; i <= MEAN_SAMPLES; i++) {
    const s = -S_MAX + (2 * S_MAX * i) / MEAN_SAMPLES
    let sum = 0
    // By symmetry a quarter turn is enough; midpoint rule over the angle.
    for (let a = 0; a < angles; a++) {
      const th = ((a + 0.5) / angles) * (Math.PI / 2)
      sum += cellCoverFraction(s, Math.cos(th), Math.sin(th), 1)
    }
    table[i] = sum / angles
  }
  return table
})()

/**
 * {@link cellCoverFraction} averaged over the boundary's direction: a function of `t` alone,
 * increasing in it. Used for community figures because a cell's fraction must never drop when a
 * facility is added or the reach grows (the nearest facility, and with it the direction, may
 * change); around a reach circle the directions average out, so area sums stay as accurate.
 * @example meanCoverFraction(0, 10) // 0.5
 */
export function meanCoverFraction(t: number, h: number): number {
  const s = t / h
  if (s <= -S_MAX) return 0
  if (s >= S_MAX) return 1
  const x = ((s + S_MAX) / (2 * S_MAX)) * MEAN_SAMPLES
  const i = Math.min(Math.floor(x), MEAN_SAMPLES - 1)
  const f = x - i
  return meanTable[i]! * (1 - f) + meanTable[i + 1]! * f
}
