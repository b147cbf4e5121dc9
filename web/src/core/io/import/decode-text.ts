/**
 * Bytes → text for CSV and GeoJSON files: UTF-8 with or without a byte-order mark, else GB18030
 * (a superset of GBK, what Chinese Excel saves as "CSV"). UTF-16 and binary files are refused
 * with the reason, never turned into U+FFFD soup.
 */

// The core is compiled without the DOM library; TextDecoder is a global in every place it runs
// (browsers, workers, Node), so it is typed here rather than by pulling in the DOM types.
interface TextDecoderLike {
  decode(input: Uint8Array): string
}
type TextDecoderCtor = new (label: string, options?: { fatal?: boolean }) => TextDecoderLike

const Decoder = (globalThis as unknown as { TextDecoder: TextDecoderCtor }).TextDecoder

export type DecodedText =
  | { ok: true; text: string; encoding: 'utf-8' | 'utf-8 (BOM)' | 'gb18030' }
  | { ok: false; message: string; code: 'file_empty' | 'file_encoding' }

/** Bytes looked at when guessing UTF-16 without a BOM or a binary file. */
const SNIFF_BYTES = 4096

function tryDecode(label: string, bytes: Uint8Array): string | null {
  try {
    return new Decoder(label, { fatal: true }).decode(bytes)
  } catch {
    return null
  }
}

/** Control characters other than tab, line feed, form feed and carriage return. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/

/**
 * Decodes a text file's bytes. UTF-8 is tried first with a fatal decoder (so a GBK file is
 * never half-read as UTF-8), then GB18030; the encoding used is named in the result.
 * @example decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x61])) // { ok: true, text: 'a', encoding: 'utf-8 (BOM)' }
 * @example decodeText(new Uint8Array([0xc4, 0xfa])) // { ok: true, text: '您', encoding: 'gb18030' }
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes.length === 0) return { ok: false, code: 'file_empty', message: 'the file is empty' }
  const b0 = bytes[0]
  const b1 = bytes[1]
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) {
    return {
      ok: false,
      code: 'file_encoding',
      message:
        'the file is UTF-16 text, which is not read here: save it as "CSV UTF-8" (or GBK) and import again',
    }
  }
  const head = bytes.subarray(0, SNIFF_BYTES)
  let zeros = 0
  for (const b of head) if (b === 0) zeros++
  if (zeros > 0) {
    // Half the bytes zero: UTF-16 without a byte-order mark; a few: a binary file.
    const utf16 = zeros >= head.length / 4
    return {
      ok: false,
      code: 'file_encoding',
      message: utf16
        ? 'the file looks like UTF-16 text without a byte-order mark, which is not read here: save it as "CSV UTF-8" and import again'
        : 'the file holds binary data (NUL bytes), not text',
    }
  }
  const bom = b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf
  const utf8 = tryDecode('utf-8', bom ? bytes.subarray(3) : bytes)
  let text: string
  let encoding: 'utf-8' | 'utf-8 (BOM)' | 'gb18030'
  if (utf8 !== null) {
    text = utf8
    encoding = bom ? 'utf-8 (BOM)' : 'utf-8'
  } else if (bom) {
    return {
      ok: false,
      code: 'file_encoding',
      message: 'the file starts with a UTF-8 byte-order mark but is not valid UTF-8',
    }
  } else {
    const gb = tryDecode('gb18030', bytes)
    if (gb === null) {
      return {
        ok: false,
        code: 'file_encoding',
        message: 'the file is neither UTF-8 nor GBK/GB18030 text',
      }
    }
    text = gb
    encoding = 'gb18030'
  }
  // A leading BOM survives a fatal decode of BOM-less input only if it was doubled; drop it.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  if (CONTROL.test(text.slice(0, SNIFF_BYTES))) {
    return {
      ok: false,
      code: 'file_encoding',
      message: `the file holds control characters: binary data, not ${encoding} text`,
    }
  }
  return { ok: true, text, encoding }
}
