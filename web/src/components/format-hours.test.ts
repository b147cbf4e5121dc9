import { describe, expect, it } from 'vitest'
import { formatHours, type HoursLabels } from './format-hours.ts'

const zh: HoursLabels = {
  days: {
    Mo: '周一',
    Tu: '周二',
    We: '周三',
    Th: '周四',
    Fr: '周五',
    Sa: '周六',
    Su: '周日',
    PH: '法定节假日',
  },
  allDay: '全天24小时',
  off: '休息',
  dayRange: (a, b) => `${a}至${b}`,
  separator: '、',
}
const en: HoursLabels = {
  days: {
    Mo: 'Mon',
    Tu: 'Tue',
    We: 'Wed',
    Th: 'Thu',
    Fr: 'Fri',
    Sa: 'Sat',
    Su: 'Sun',
    PH: 'public holidays',
  },
  allDay: 'Open 24/7',
  off: 'closed',
  dayRange: (a, b) => `${a}–${b}`,
  separator: ', ',
}

describe('formatHours', () => {
  it('reads 24/7', () => {
    expect(formatHours('24/7', zh)).toEqual(['全天24小时'])
    expect(formatHours('24/7', en)).toEqual(['Open 24/7'])
  })

  it('reads time ranges with no days', () => {
    expect(formatHours('06:30-09:00,11:00-13:30', zh)).toEqual(['06:30–09:00、11:00–13:30'])
    expect(formatHours('06:30-09:00,11:00-13:30', en)).toEqual(['06:30–09:00, 11:00–13:30'])
  })

  it('reads one line per rule with day ranges, day lists and days off', () => {
    expect(formatHours('Mo-Fr 10:30-13:30; Sa,Su 11:00-13:00', zh)).toEqual([
      '周一至周五 10:30–13:30',
      '周六、周日 11:00–13:00',
    ])
    expect(formatHours('Mo-Fr 08:00-18:00; Sa 09:00-12:00; Su,PH off', en)).toEqual([
      'Mon–Fri 08:00–18:00',
      'Sat 09:00–12:00',
      'Sun, public holidays closed',
    ])
  })

  it('shows a value outside the grammar unchanged', () => {
    expect(formatHours('早上 7 点到晚上 9 点', zh)).toEqual(['早上 7 点到晚上 9 点'])
    expect(formatHours('Mo-Fr 8-17', en)).toEqual(['Mo-Fr 8-17'])
  })
})
