import { describe, expect, it } from 'vitest'
import { InputError } from './input-issue.ts'
import { parseCsv } from './parse-csv.ts'

describe('parseCsv', () => {
  it('reads a header and rows with their line numbers', () => {
    const t = parseCsv('id,name\n1,a\n2,b\n')
    expect(t.header).toEqual(['id', 'name'])
    expect(t.rows).toEqual([
      { line: 2, values: ['1', 'a'] },
      { line: 3, values: ['2', 'b'] },
    ])
  })

  it('handles quoted fields with commas, doubled quotes and line breaks', () => {
    const t = parseCsv('a,b,c\r\n"x, y","say ""hi""","two\r\nlines"\r\nlast,,\r\n')
    expect(t.rows[0]!.values).toEqual(['x, y', 'say "hi"', 'two\r\nlines'])
    // The record after a two-line field starts on line 4.
    expect(t.rows[1]).toEqual({ line: 4, values: ['last', '', ''] })
  })

  it('strips a UTF-8 BOM and trims header names', () => {
    const t = parseCsv('\uFEFF 序號 ,lat,lon\n1,25.1,121.5')
    expect(t.header).toEqual(['序號', 'lat', 'lon'])
    expect(t.rows[0]!.values).toEqual(['1', '25.1', '121.5'])
  })

  it('keeps an empty quoted field and a last line without a line break', () => {
    expect(parseCsv('a,b\n"",x').rows[0]!.values).toEqual(['', 'x'])
  })

  it('drops blank lines but counts them', () => {
    const t = parseCsv('a\n\n1\n\n\n2')
    expect(t.rows).toEqual([
      { line: 3, values: ['1'] },
      { line: 6, values: ['2'] },
    ])
  })

  it('guesses tab and semicolon separators from the header', () => {
    expect(parseCsv('a\tb\n1\t2').rows[0]!.values).toEqual(['1', '2'])
    expect(parseCsv('a;b\n1;2,5').rows[0]!.values).toEqual(['1', '2,5'])
  })

  it('rejects an unterminated quote, naming the line where it starts', () => {
    let err: unknown
    try {
      parseCsv('a,b\n1,2\n3,"oops\n4,5', { source: 'x.csv' })
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(InputError)
    expect((err as Error).message).toContain('x.csv line 3')
    expect((err as Error).message).toContain('never closed')
  })

  it('rejects an empty file', () => {
    expect(() => parseCsv('', { source: 'e.csv' })).toThrow(/e\.csv line 1.*empty/)
  })
})
