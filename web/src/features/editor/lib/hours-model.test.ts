import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DAY_CODES, isOpenAt, parseHours } from '../../../core/catalog/opening-hours.ts'
import type { DayCode } from '../../../core/catalog/opening-hours.ts'
import { checkDraft, draftToHours, formatDays, hoursToDraft } from './hours-model.ts'
import type { HoursDraft, RuleDraft } from './hours-model.ts'

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31)

describe('opening-hours editor ↔ stored grammar', () => {
  it('reads stored hours into rules and writes them back unchanged', () => {
    for (const text of [
      '24/7',
      '10:30-13:00,16:30-18:30',
      'Mo-Fr 10:30-13:30; Sa,Su 11:00-13:00',
      'Mo-Su 08:00-20:00; PH off',
      'Mo,We-Fr 07:00-22:00',
      '22:00-02:00',
      'Tu 09:00-24:00',
    ]) {
      const read = hoursToDraft(text)
      expect(read.ok, text).toBe(true)
      if (read.ok) expect(draftToHours(read.draft)).toBe(text)
    }
  })

  it('says why stored text cannot be read, and treats empty as no hours', () => {
    expect(hoursToDraft('8点到5点')).toEqual({ ok: false, error: expect.any(String) })
    expect(hoursToDraft('')).toEqual({ ok: true, draft: { mode: 'none' } })
    expect(draftToHours({ mode: 'none' })).toBeNull()
  })

  it('writes day lists the way people read them', () => {
    expect(formatDays(['Fr', 'Mo', 'We', 'Tu', 'Th'])).toBe('Mo-Fr')
    expect(formatDays(['Sa', 'Su'])).toBe('Sa,Su')
    expect(formatDays(['PH', 'Mo', 'Tu', 'We', 'Sa'])).toBe('Mo-We,Sa,PH')
  })

  it('refuses a draft with an unreadable time and names the rule and range', () => {
    const draft: HoursDraft = {
      mode: 'rules',
      rules: [{ days: ['Mo'], off: false, ranges: [{ start: '8:00', end: '17:00' }] }],
    }
    expect(checkDraft(draft)).toEqual([{ rule: 0, range: 0, problem: 'time' }])
    expect(() => draftToHours(draft)).toThrow(/opening hours/)
  })

  it(`round-trips any editor state through the grammar (fast-check seed ${seed})`, () => {
    const time = fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`)
    const rule: fc.Arbitrary<RuleDraft> = fc.record({
      days: fc.subarray([...DAY_CODES] as DayCode[]),
      off: fc.boolean(),
      ranges: fc.array(fc.record({ start: time, end: time }), { minLength: 1, maxLength: 3 }),
    })
    fc.assert(
      fc.property(fc.array(rule, { minLength: 1, maxLength: 4 }), (rules) => {
        const draft: HoursDraft = {
          mode: 'rules',
          rules: rules.map((r) => (r.off ? { ...r, ranges: [] } : r)),
        }
        const text = draftToHours(draft)!
        expect(parseHours(text).ok).toBe(true)
        const back = hoursToDraft(text)
        expect(back.ok).toBe(true)
        if (!back.ok) return
        // Same text again, and the same opening at every hour of a sample week.
        expect(draftToHours(back.draft)).toBe(text)
        const monday = Date.UTC(2026, 10, 30, 16) // 00:00 Tuesday in China
        for (let h = 0; h < 24 * 7; h += 5) {
          const at = new Date(monday + h * 3_600_000)
          expect(isOpenAt(text, at)).toBe(isOpenAt(draftToHours(back.draft)!, at))
        }
      }),
      { seed, numRuns: 200 },
    )
  })
})
