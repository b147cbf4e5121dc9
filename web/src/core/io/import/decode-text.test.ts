import { describe, expect, it } from 'vitest'
import { encodeGbk } from '../../../../../tests/fixtures/import/gbk-encode.ts'
import { decodeText, type DecodedText } from './decode-text.ts'

const utf8 = (s: string) => new TextEncoder().encode(s)
const messageOf = (r: DecodedText): string => (r.ok ? '' : r.message)

describe('decodeText', () => {
  it('reads UTF-8 with and without a byte-order mark', () => {
    expect(decodeText(utf8('名称,经度'))).toEqual({
      ok: true,
      text: '名称,经度',
      encoding: 'utf-8',
    })
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('名称')])
    expect(decodeText(bom)).toEqual({ ok: true, text: '名称', encoding: 'utf-8 (BOM)' })
  })

  it('falls back to GB18030 for GBK bytes, Simplified and Traditional alike', () => {
    const text = '名称,地址\n幸福里老年食堂,臺北市大安區'
    expect(decodeText(encodeGbk(text))).toEqual({ ok: true, text, encoding: 'gb18030' })
  })

  it('refuses UTF-16, binary and empty files, naming why', () => {
    const utf16 = new Uint8Array([0xff, 0xfe, 0x0d, 0x54, 0x30, 0x79])
    expect(decodeText(utf16)).toMatchObject({ ok: false, code: 'file_encoding' })
    expect(messageOf(decodeText(utf16))).toMatch(/UTF-16/)
    const noBom = new Uint8Array([0x61, 0, 0x62, 0, 0x63, 0])
    expect(messageOf(decodeText(noBom))).toMatch(/UTF-16/)
    const binary = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2,
    ])
    expect(decodeText(binary)).toMatchObject({ ok: false, code: 'file_encoding' })
    expect(decodeText(new Uint8Array([0x01, 0x02, 0x41]))).toMatchObject({ ok: false })
    expect(decodeText(new Uint8Array())).toMatchObject({ ok: false, code: 'file_empty' })
  })

  it('refuses bytes that are neither UTF-8 nor GB18030', () => {
    // 0x81 0x20: a GB18030 lead byte followed by a byte no trail can be.
    const r = decodeText(new Uint8Array([0x61, 0x81, 0x20, 0x62]))
    expect(r).toMatchObject({ ok: false, code: 'file_encoding' })
  })
})
