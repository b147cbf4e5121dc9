/**
 * A community's cells grouped by distance to the nearest facility, for re-thresholding without
 * a pass over every cell: bins of `width` metres (one cell diagonal) in a counting-sort
 * permutation, with the cumulative weight below each bin. At reach r, every cell in a bin
 * wholly below r − width/2 is covered, every cell in a bin above r + width/2 is not, and only
 * the two or three bins in between are looked at cell by cell.
 */
export interface DistanceBins {
  /** Index (d / width) of the first bin. */
  first: number
  width: number
  /** Bin b holds perm[start + off[b]] .. perm[start + off[b + 1] − 1]; the last bin is "none". */
  off: Int32Array
  /** Σ weights of bins < b. */
  cum: Float64Array
}

/**
 * Sorts the cells `start`..`end − 1` of a weighted cell list into distance bins, writing their
 * indices into `perm[start..end)`.
 * @example binCells(0, n, cell, w, dist, 28.3, perm)
 */
export function binCells(
  start: number,
  end: number,
  cell: Int32Array,
  w: Float32Array,
  dist: Float32Array,
  width: number,
  perm: Int32Array,
): DistanceBins {
  let lo = Infinity
  let hi = -Infinity
  for (let k = start; k < end; k++) {
    const d = dist[cell[k]!]!
    if (d < lo) lo = d
    if (d > hi && d !== Infinity) hi = d
  }
  const first = lo === Infinity ? 0 : Math.floor(lo / width)
  const last = hi === -Infinity ? first : Math.floor(hi / width)
  // One more bin for cells with no facility at all.
  const nb = last - first + 2
  const off = new Int32Array(nb + 1)
  const binOf = (d: number): number => (d === Infinity ? nb - 1 : Math.floor(d / width) - first)
  for (let k = start; k < end; k++) off[binOf(dist[cell[k]!]!) + 1]!++
  for (let b = 0; b < nb; b++) off[b + 1]! += off[b]!
  const cum = new Float64Array(nb + 1)
  const fill = off.slice(0, nb)
  const sums = new Float64Array(nb)
  for (let k = start; k < end; k++) {
    const b = binOf(dist[cell[k]!]!)
    perm[start + fill[b]!++] = k
    sums[b]! += w[k]!
  }
  for (let b = 0; b < nb; b++) cum[b + 1] = cum[b]! + sums[b]!
  return { first, width, off, cum }
}
