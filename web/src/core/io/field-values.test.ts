import { describe, expect, it } from 'vitest'
import { containsHtml, findField, readNumber, readText } from './field-values.ts'

describe('readNumber', () => {
  it('reads numbers and numeric strings', () => {
    expect(readNumber(3)).toEqual({ kind: 'number', value: 3 })
    expect(readNumber(' 121.5322353 ')).toEqual({ kind: 'number', value: 121.5322353 })
    expect(readNumber('1,234')).toEqual({ kind: 'number', value: 1234 })
    expect(readNumber('-1e3')).toEqual({ kind: 'number', value: -1000 })
  })
  it('treats NA, null and empty as missing', () => {
    for (const v of ['NA', 'na', '', '  ', null, undefined, 'N/A']) {
      expect(readNumber(v)).toEqual({ kind: 'missing' })
    }
  })
  it('refuses text, infinities and objects', () => {
    expect(readNumber('12a')).toEqual({ kind: 'invalid', raw: '12a' })
    expect(readNumber('1,23')).toEqual({ kind: 'invalid', raw: '1,23' })
    expect(readNumber(Infinity).kind).toBe('invalid')
    // Written like a number, but beyond a double: Infinity.
    expect(readNumber('1e400')).toEqual({ kind: 'invalid', raw: '1e400' })
    expect(readNumber([1]).kind).toBe('invalid')
  })
})

describe('containsHtml', () => {
  it('finds tags, character references and javascript: URLs', () => {
    expect(containsHtml('<script>alert(1)</script>')).toBe(true)
    expect(containsHtml('食堂<img src=x onerror=y>')).toBe(true)
    expect(containsHtml('a &lt; b')).toBe(true)
    expect(containsHtml('javascript:void(0)')).toBe(true)
  })
  it('lets ordinary names through', () => {
    expect(containsHtml('7-ELEVEN 松仁門市')).toBe(false)
    expect(containsHtml('A & B < 3 km')).toBe(false)
  })
})

describe('findField', () => {
  it('matches ignoring case, spaces, _ and -', () => {
    expect(findField(['序號', 'LAT', 'Lon'], ['lon', 'lng'])).toBe('Lon')
    expect(findField(['Population_Elderly'], ['population-elderly'])).toBe('Population_Elderly')
    expect(findField(['a'], ['b'])).toBeUndefined()
  })
  it('prefers the earlier candidate', () => {
    expect(findField(['x', 'lng'], ['lng', 'x'])).toBe('lng')
  })
})

describe('readText', () => {
  it('trims text and keeps numbers as written', () => {
    expect(readText('  a ')).toBe('a')
    expect(readText(12)).toBe('12')
    expect(readText('   ')).toBeUndefined()
    expect(readText({})).toBeUndefined()
  })
})
