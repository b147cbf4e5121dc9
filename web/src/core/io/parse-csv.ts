import { InputError } from './input-issue.ts'

/** One data row: its fields and the 1-based line of the file where it starts. */
export interface CsvRow {
  line: number
  values: string[]
}

export interface CsvTable {
  /** Header names, trimmed, BOM removed. */
  header: string[]
  rows: CsvRow[]
}

export interface ParseCsvOptions {
  /** Label used in error messages, e.g. the file name. */
  source?: string
  /** Field separator; by default `,`, or `;` / tab when the header has those and no comma. */
  delimiter?: string
}

/**
 * Parses RFC 4180 CSV: quoted fields (with `""` for a quote, and commas or line breaks inside),
 * CRLF or LF line ends, a UTF-8 byte-order mark at the start. Blank lines are dropped.
 * Rows may have fewer or more fields than the header; the readers report that per row.
 * Throws {@link InputError} for an unterminated quoted field, naming the line it started on.
 * @example parseCsv('name,lat\r\n"Wang, Li",25.0\r\n') // { header: ['name','lat'], rows: [{ line: 2, values: ['Wang, Li','25.0'] }] }
 */
export function parseCsv(text: string, options: ParseCsvOptions = {}): CsvTable {
  const source = options.source ?? 'CSV'
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const delimiter = options.delimiter ?? guessDelimiter(src)
  const records: CsvRow[] = []
  let values: string[] = []
  let field = ''
  let line = 1
  let recordLine = 1
  let quoted = false
  let quoteLine = 0
  let i = 0
  const n = src.length

  const endRecord = (): void => {
    values.push(field)
    // A blank line is a single empty field: not a record.
    if (!(values.length === 1 && values[0] === '')) records.push({ line: recordLine, values })
    values = []
    field = ''
  }

  while (i < n) {
    const c = src[i]!
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"'
          i += 2
          continue
        }
        quoted = false
        i++
        continue
      }
      if (c === '\n') line++
      field += c
      i++
      continue
    }
    if (c === '"' && field === '') {
      quoted = true
      quoteLine = line
      i++
    } else if (c === delimiter) {
      values.push(field)
      field = ''
      i++
    } else if (c === '\r' || c === '\n') {
      endRecord()
      i += c === '\r' && src[i + 1] === '\n' ? 2 : 1
      line++
      recordLine = line
    } else {
      field += c
      i++
    }
  }
  if (quoted) {
    throw new InputError([
      {
        source,
        where: `line ${quoteLine}`,
        field: 'file',
        message: 'a quoted field is never closed (missing ")',
        severity: 'error',
      },
    ])
  }
  if (field !== '' || values.length > 0) endRecord()

  const head = records.shift()
  if (!head) {
    throw new InputError([
      { source, where: 'line 1', field: 'file', message: 'the file is empty', severity: 'error' },
    ])
  }
  return { header: head.values.map((h) => h.trim()), rows: records }
}

function guessDelimiter(text: string): string {
  const end = text.search(/\r|\n/)
  const first = end < 0 ? text : text.slice(0, end)
  if (first.includes(',')) return ','
  if (first.includes('\t')) return '\t'
  if (first.includes(';')) return ';'
  return ','
}
