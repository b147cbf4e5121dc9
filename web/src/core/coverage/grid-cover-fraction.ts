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
