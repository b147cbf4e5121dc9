/**
 * A seeded pseudo-random number generator: same seed, same sequence, on every platform.
 * Generated cities (demo data, benchmarks, property tests) must be reproducible byte for byte,
 * which `Math.random` cannot give.
 */

/** A source of uniform floats in [0, 1). */
export type Random = () => number

/**
 * mulberry32 (Tommy Ettinger's 32-bit generator): tiny, fast and good enough for synthetic data
 * (it passes gjrand's tests on 2^32 outputs); not for cryptography.
 * @param seed any integer; only its low 32 bits matter.
 * @returns a function giving uniform floats in [0, 1).
 * @example
 * const rand = mulberry32(20261122)
 * rand() // 0 ≤ x < 1, the same first value on every run
 */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * A uniform float in [min, max).
 * @example uniform(mulberry32(1), 10, 20) // 10 ≤ x < 20
 */
export function uniform(rand: Random, min: number, max: number): number {
  return min + (max - min) * rand()
}

/**
 * A uniform integer in [min, max] (both inclusive).
 * @example randomInt(mulberry32(1), 1, 6) // a die roll
 */
export function randomInt(rand: Random, min: number, max: number): number {
  return min + Math.floor(rand() * (max - min + 1))
}

/**
 * One element of a non-empty array, uniformly.
 * @example pick(mulberry32(1), ['a', 'b', 'c'])
 */
export function pick<T>(rand: Random, items: readonly T[]): T {
  if (items.length === 0) throw new RangeError('pick: empty array')
  return items[Math.floor(rand() * items.length)] as T
}

/**
 * A shuffled copy (Fisher–Yates); the input is left untouched.
 * @example shuffled(mulberry32(1), [1, 2, 3])
 */
export function shuffled<T>(rand: Random, items: readonly T[]): T[] {
  const out = items.slice()
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    const tmp = out[i] as T
    out[i] = out[j] as T
    out[j] = tmp
  }
  return out
}

/**
 * A random version-4 UUID (8-4-4-4-12 hex, variant 10xx) drawn from `rand`, so that seeded data
 * gets the same ids on every run.
 * @example seededUuid(mulberry32(1)) // 'xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx'
 */
export function seededUuid(rand: Random): string {
  const bytes: number[] = []
  for (let i = 0; i < 16; i++) bytes.push(Math.floor(rand() * 256))
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80
  const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
