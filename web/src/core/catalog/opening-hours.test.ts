import { describe, expect, it } from 'vitest'
import { isOpenAt, nextChange, parseHours } from './opening-hours.ts'

// Instants are given in China time (UTC+8) for readability.
const cst = (iso: string) => new Date(`${iso}+08:00`)
// 2026-12-07 is a Monday.

describe('parseHours', () => {
  it('reads 24/7, day lists, off and several ranges', () => {
    expect(parseHours('24/7')).toEqual({ ok: true, always: true, rules: [] })
    const p = parseHours('Mo-Fr 08:30-11:30,13:30-16:30; Sa off')
    expect(p.ok).toBe(true)
    if (!p.ok || p.always) throw new Error('unexpected')
    expect(p.rules[0]!.days).toEqual(['Mo', 'Tu', 'We', 'Th', 'Fr'])
    expect(p.rules[0]!.ranges).toEqual([
      { start: 510, end: 690 },
      { start: 810, end: 990 },
    ])
    expect(p.rules[1]).toEqual({ days: ['Sa'], ranges: [] })
  })
  it('wraps a day range past Sunday', () => {
    const p = parseHours('Fr-Mo 10:00-12:00')
    if (!p.ok || p.always) throw new Error('unexpected')
    expect(p.rules[0]!.days).toEqual(['Fr', 'Sa', 'Su', 'Mo'])
  })
  it.each([
    '',
    '8:00-9:00',
    '08:00-25:00',
    'Xx 08:00-09:00',
    'Mo-PH 08:00-09:00',
    '08:00',
    '08:00-09:00-10:00',
    'Mo-Fr 08:00-09:00;',
  ])('refuses malformed hours %j with a reason', (text) => {
    const p = parseHours(text)
    expect(p.ok).toBe(false)
    if (!p.ok) expect(p.error.length).toBeGreaterThan(0)
  })
})

describe('isOpenAt', () => {
  it('is open within a range and closed outside it', () => {
    expect(isOpenAt('Mo-Fr 08:30-11:30', cst('2026-12-07T08:30:00'))).toBe(true)
    expect(isOpenAt('Mo-Fr 08:30-11:30', cst('2026-12-07T11:30:00'))).toBe(false)
    expect(isOpenAt('Mo-Fr 08:30-11:30', cst('2026-12-07T08:29:00'))).toBe(false)
    expect(isOpenAt('Mo-Fr 08:30-11:30', cst('2026-12-12T09:00:00'))).toBe(false) // Saturday
  })
  it('runs a range past midnight into the next day', () => {
    expect(isOpenAt('22:00-02:00', cst('2026-12-07T23:00:00'))).toBe(true)
    expect(isOpenAt('22:00-02:00', cst('2026-12-08T01:59:00'))).toBe(true)
    expect(isOpenAt('22:00-02:00', cst('2026-12-08T02:00:00'))).toBe(false)
    // Friday night's opening carries into Saturday even when Saturday itself is off.
    expect(isOpenAt('Fr 20:00-03:00; Sa off', cst('2026-12-12T02:00:00'))).toBe(true)
    expect(isOpenAt('Fr 20:00-03:00; Sa off', cst('2026-12-12T20:00:00'))).toBe(false)
  })
  it('handles 24:00 and 24/7', () => {
    expect(isOpenAt('06:00-24:00', cst('2026-12-07T23:59:00'))).toBe(true)
    expect(isOpenAt('06:00-24:00', cst('2026-12-08T00:00:00'))).toBe(false)
    expect(isOpenAt('24/7', cst('2026-12-08T03:00:00'))).toBe(true)
  })
  it('applies holiday rules only on holidays, the later rule winning', () => {
    const isHoliday = (y: number, m: number, d: number) => y === 2026 && m === 12 && d === 7
    const hours = 'Mo-Su 08:00-20:00; PH off'
    expect(isOpenAt(hours, cst('2026-12-07T10:00:00'), { isHoliday })).toBe(false)
    expect(isOpenAt(hours, cst('2026-12-08T10:00:00'), { isHoliday })).toBe(true)
    expect(
      isOpenAt('Mo-Fr 09:00-17:00; PH 10:00-12:00', cst('2026-12-07T11:00:00'), { isHoliday }),
    ).toBe(true)
    expect(
      isOpenAt('Mo-Fr 09:00-17:00; PH 10:00-12:00', cst('2026-12-07T15:00:00'), { isHoliday }),
    ).toBe(false)
  })
  it('is independent of the machine time zone: the offset is the facility’s', () => {
    const at = new Date('2026-12-07T01:00:00Z') // 09:00 in China
    expect(isOpenAt('08:00-10:00', at)).toBe(true)
    expect(isOpenAt('08:00-10:00', at, { utcOffsetMinutes: 0 })).toBe(false)
  })
  it('returns null for unreadable hours', () => {
    expect(isOpenAt('早上八点到晚上八点', cst('2026-12-07T10:00:00'))).toBeNull()
  })
})

describe('nextChange', () => {
  it('says when an open facility closes and a closed one opens', () => {
    const open = nextChange('Mo-Fr 08:30-11:30,13:30-16:30', cst('2026-12-07T09:00:00'))
    expect(open).toEqual({ open: true, at: cst('2026-12-07T11:30:00') })
    const lunch = nextChange('Mo-Fr 08:30-11:30,13:30-16:30', cst('2026-12-07T12:00:00'))
    expect(lunch).toEqual({ open: false, at: cst('2026-12-07T13:30:00') })
    const weekend = nextChange('Mo-Fr 08:30-11:30', cst('2026-12-12T10:00:00'))
    expect(weekend).toEqual({ open: false, at: cst('2026-12-14T08:30:00') })
  })
  it('finds the close of a range past midnight', () => {
    expect(nextChange('22:00-02:00', cst('2026-12-07T23:00:00'))).toEqual({
      open: true,
      at: cst('2026-12-08T02:00:00'),
    })
  })
  it('never changes for 24/7 or always-off hours', () => {
    expect(nextChange('24/7', cst('2026-12-07T23:00:00'))).toEqual({ open: true, at: null })
    expect(nextChange('off', cst('2026-12-07T23:00:00'))).toEqual({ open: false, at: null })
  })
})
