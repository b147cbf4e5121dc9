/**
 * A community's cells grouped by distance to the nearest facility, for re-thresholding without
 * a pass over every cell: bins of `width` metres in a counting-sort permutation, with the
 * cumulative weight below each bin. At reach r, every cell in a bin wholly below r − h (h half
 * a cell diagonal) is covered, every cell in a bin above r + h is not, and only the bins in
 * between are looked at cell by cell.
 */
export interface DistanceBins {
  /** Index of the first bin (see {@link binOf}). */
  first: number
  /** 1 / the bin width (m): a multiplication per cell instead of a division. */
  perMetre: number
  /** Bin b holds perm[start + off[b]] .. perm[start + off[b + 1] − 1]; the last bin is "none". */
  off: Int32Array
  /** Σ weights of bins < b. */
  cum: Float64Array
}

/** Each cell's distance and bin, gathered once (the binning passes then read them in order). */
let gathered = new Float32Array(1024)
let binsOf = new Int32Array(1024)
let fillAt = new Int32Array(256)

/**
 * Sorts the cells `start`..`end − 1` of a weighted cell list into distance bins, writing their
 * indices into `perm[start..end)`. With several distance fields a cell's distance is its largest
 * (a cell is within reach of every category at once only when its farthest nearest facility is).
 * @example binCells(0, n, cell, w, [dist], 28.3, perm)
 */
export function binCells(
  start: number,
  end: number,
  cell: Int32Array,
  w: Float32Array,
  dists: readonly Float32Array[],
  width: number,
  perm: Int32Array,
): DistanceBins {
  const n = end - start
  if (gathered.length < n) gathered = new Float32Array(Math.max(n, 2 * gathered.length))
  const ds = gathered
  const d0 = dists[0]
  if (d0) for (let k = start; k < end; k++) ds[k - start] = d0[cell[k]!]!
  else ds.fill(Infinity, 0, n)
  for (let f = 1; f < dists.length; f++) {
    const dist = dists[f]!
    for (let k = start; k < end; k++) {
      const d = dist[cell[k]!]!
      if (d > ds[k - start]!) ds[k - start] = d
    }
  }
  let lo = Infinity
  let hi = -Infinity
  for (let q = 0; q < n; q++) {
    const d = ds[q]!
    if (d < lo) lo = d
    if (d > hi && d !== Infinity) hi = d
  }
  const perMetre = 1 / width
  const first = lo === Infinity ? 0 : Math.floor(lo * perMetre)
  const last = hi === -Infinity ? first : Math.floor(hi * perMetre)
  // One more bin for cells with no facility at all.
  const nb = last - first + 2
  const off = new Int32Array(nb + 1)
  if (binsOf.length < n) binsOf = new Int32Array(ds.length)
  const bs = binsOf
  for (let q = 0; q < n; q++) {
    const d = ds[q]!
    const b = d === Infinity ? nb - 1 : Math.floor(d * perMetre) - first
    bs[q] = b
    off[b + 1]!++
  }
  for (let b = 0; b < nb; b++) off[b + 1]! += off[b]!
  // Each bin's weight goes to cum[b + 1] first, then the running sum turns it cumulative.
  const cum = new Float64Array(nb + 1)
  if (fillAt.length < nb) fillAt = new Int32Array(2 * nb)
  const fill = fillAt
  fill.set(off.subarray(0, nb))
  for (let q = 0; q < n; q++) {
    const b = bs[q]!
    const k = start + q
    perm[start + fill[b]!++] = k
    cum[b + 1]! += w[k]!
  }
  for (let b = 0; b < nb; b++) cum[b + 1] = cum[b]! + cum[b + 1]!
  return { first, perMetre, off, cum }
}

/**
 * Bin of distance d (m) in `bins`, below 0 or past the last finite bin when d is out of their
 * range. Monotone in d, so every cell of a bin below binOf(bins, r) is nearer than r.
 * @example binOf(bins, reach - half)
 */
export function binOf(bins: DistanceBins, d: number): number {
  return Math.floor(d * bins.perMetre) - bins.first
}
