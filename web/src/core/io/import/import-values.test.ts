import { describe, expect, it } from 'vitest'
import {
  categoryFromCell,
  cleanText,
  normalizeForMatch,
  normalizePhone,
  parseCapacity,
  parseInclusive,
  parseStatus,
} from './import-values.ts'

const ALL = new Set(['canteen', 'childcare', 'fitness', 'store'])

describe('import values', () => {
  it('cleans text to one line', () => {
    expect(cleanText('  久如FUNNY KIDS\n(南港區)\n')).toBe('久如FUNNY KIDS (南港區)')
    expect(cleanText('\u3000\t')).toBeUndefined()
    expect(cleanText(12.5)).toBe('12.5')
    expect(cleanText({})).toBeUndefined()
  })

  it('normalises phones the database accepts, noting what it drops', () => {
    expect(normalizePhone('02-28381571#253')).toEqual({
      value: '02-28381571',
      note: 'extension 253 dropped (not storable)',
    })
    expect(normalizePhone('(02)8663-1137\n(02)8663-1486')).toEqual({
      value: '(02)8663-1137',
      note: 'only the first of 2 numbers kept',
    })
    expect(normalizePhone('０２１－１２３４５６７８')).toEqual({ value: '021-12345678' })
    expect(normalizePhone('请致电')).toMatchObject({ value: null })
  })

  it('reads capacity, 普惠 and status words', () => {
    expect(parseCapacity('45人')).toEqual({ value: 45 })
    expect(parseCapacity('30 个托位')).toEqual({ value: 30 })
    expect(parseCapacity(12.4)).toMatchObject({ value: 12, note: expect.any(String) })
    expect(parseCapacity('很多')).toMatchObject({ value: null })
    expect(parseCapacity(-1)).toMatchObject({ value: null })
    expect(parseInclusive('是')).toEqual({ value: true })
    expect(parseInclusive('否')).toEqual({ value: false })
    expect(parseInclusive('maybe')).toMatchObject({ value: null })
    expect(parseStatus('营业')).toEqual({ value: 'open' })
    expect(parseStatus('停業')).toEqual({ value: 'closed' })
    expect(parseStatus('筹建中')).toEqual({ value: 'planned' })
    expect(parseStatus('1')).toMatchObject({ value: null })
  })

  it('finds the category in a type cell', () => {
    expect(categoryFromCell('便利商店', ALL)).toBe('store')
    expect(categoryFromCell('社區照顧關懷據點 10個時段', ALL)).toBe('canteen')
    expect(categoryFromCell('私立托嬰中心', ALL)).toBeNull()
    expect(categoryFromCell('托嬰中心', ALL)).toBe('childcare')
    expect(categoryFromCell('健身房', ALL)).toBe('fitness')
    expect(categoryFromCell('便利店', new Set(['canteen']))).toBeNull()
    // Two categories named: ambiguous, not guessed.
    expect(categoryFromCell('便利店/健身点', ALL)).toBeNull()
  })

  it('compares names and addresses loosely', () => {
    expect(normalizeForMatch('臺北市 大安區（和平東路）')).toBe(
      normalizeForMatch('台北市大安區(和平東路)'),
    )
    expect(normalizeForMatch('A&B 便利店')).toBe(normalizeForMatch('a b便利店'))
  })
})
