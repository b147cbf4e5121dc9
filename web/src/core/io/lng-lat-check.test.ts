import { describe, expect, it } from 'vitest'
import { CHINA_BBOX, checkLngLat } from './lng-lat-check.ts'

describe('checkLngLat', () => {
  it('accepts Taipei, Beijing and Urumqi', () => {
    expect(checkLngLat(121.53, 25.04)).toEqual({ ok: true })
    expect(checkLngLat(116.4, 39.9)).toEqual({ ok: true })
    expect(checkLngLat(87.6, 43.8, CHINA_BBOX)).toEqual({ ok: true })
  })
  it('recognises swapped latitude and longitude', () => {
    const r = checkLngLat(25.04, 121.53)
    expect(r.ok).toBe(false)
    expect(r.ok === false && r.swapped).toBe(true)
    expect(r.ok === false && r.message).toMatch(/swapped/)
  })
  it('rejects positions outside the region, and anything outside ±180/±90 without one', () => {
    const paris = checkLngLat(2.35, 48.85)
    expect(paris.ok === false && !paris.swapped && paris.message).toMatch(
      /outside the expected region/,
    )
    expect(checkLngLat(2.35, 48.85, null)).toEqual({ ok: true })
    expect(checkLngLat(200, 10, null).ok).toBe(false)
  })
})
