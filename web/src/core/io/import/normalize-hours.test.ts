import { describe, expect, it } from 'vitest'
import { parseHours } from '../../catalog/opening-hours.ts'
import { normalizeHours } from './normalize-hours.ts'

describe('normalizeHours', () => {
  it.each([
    ['08:00-20:00', '08:00-20:00'],
    ['8:00～20:00', '08:00-20:00'],
    ['8:00~20:00', '08:00-20:00'],
    ['８：００－２０：００', '08:00-20:00'],
    ['8:00至20:00', '08:00-20:00'],
    ['8点-20点', '08:00-20:00'],
    ['8点半-17点', '08:30-17:00'],
    ['周一至周五 8:30-17:00', 'Mo-Fr 08:30-17:00'],
    ['週一至週五 8:30-17:00', 'Mo-Fr 08:30-17:00'],
    ['星期一到星期六 9:00-21:00', 'Mo-Sa 09:00-21:00'],
    ['周一至周五 8:30-17:00，周六 9:00-12:00', 'Mo-Fr 08:30-17:00; Sa 09:00-12:00'],
    ['周一至周五 8:30-17:00；周六、周日休息', 'Mo-Fr 08:30-17:00; Sa,Su off'],
    ['8:00-11:30, 13:30-17:00', '08:00-11:30,13:30-17:00'],
    ['上午8:00-11:30 下午2:00-5:00', '08:00-11:30,14:00-17:00'],
    ['工作日 9:00-18:00 周末 10:00-16:00', 'Mo-Fr 09:00-18:00; Sa,Su 10:00-16:00'],
    ['每天 6:00-22:00', '06:00-22:00'],
    ['营业时间：7:00-次日2:00', '07:00-02:00'],
    ['全天', '24/7'],
    ['24小时', '24/7'],
    ['24小時營業', '24/7'],
    ['全年无休', '24/7'],
    ['Mo-Fr 08:00-17:00; Sa off', 'Mo-Fr 08:00-17:00; Sa off'],
    ['24/7', '24/7'],
  ])('"%s" → "%s"', (input, expected) => {
    const r = normalizeHours(input)
    expect(r).toEqual({ ok: true, hours: expected })
    expect(parseHours(expected).ok).toBe(true)
  })

  it.each([
    '',
    '营业到很晚',
    '寒暑假另行公告',
    '周一至周五',
    '休息',
    '25:00-26:00',
    '8:75-9:00',
    '周一至周五 8:30-17:00 寒暑假除外',
  ])('refuses "%s" with a reason', (input) => {
    const r = normalizeHours(input)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.reason.length).toBeGreaterThan(0)
  })
})
