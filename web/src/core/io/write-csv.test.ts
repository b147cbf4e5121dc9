import { describe, expect, it } from 'vitest'
import { parseCsv } from './parse-csv.ts'
import { csvField, toCsv } from './write-csv.ts'

describe('csvField', () => {
  it('quotes separators, quotes and line breaks', () => {
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('two\nlines')).toBe('"two\nlines"')
    expect(csvField('plain 文字')).toBe('plain 文字')
  })
  it('defuses formulas in text but not numbers', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`)
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvField(-3)).toBe('-3')
  })
  it('writes empty cells for null and undefined', () => {
    expect(csvField(null)).toBe('')
    expect(csvField(undefined)).toBe('')
    expect(csvField(false)).toBe('false')
  })
})

describe('toCsv', () => {
  it('round-trips through parseCsv', () => {
    const text = toCsv(
      ['名稱', 'n'],
      [
        ['食堂, 一號', 1],
        ['"q"', null],
      ],
    )
    expect(text.startsWith('\uFEFF')).toBe(true)
    expect(parseCsv(text)).toEqual({
      header: ['名稱', 'n'],
      rows: [
        { line: 2, values: ['食堂, 一號', '1'] },
        { line: 3, values: ['"q"', ''] },
      ],
    })
  })
})
