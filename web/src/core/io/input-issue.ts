/**
 * One problem found in an input file, located precisely enough for a person to fix it:
 * the file, the row or feature, and the field.
 */
export interface InputIssue {
  /** File name or label of the input, e.g. `facilities.csv`. */
  source: string
  /** `row 12` (CSV, 1-based line of the data row in the file) or `feature 3` (0-based index). */
  where: string
  /** Field or property name, or `geometry` / `file`. */
  field: string
  message: string
  /**
   * `error`: the file is rejected (nothing of it should be stored or computed);
   * `skipped`: this row is left out and reported, the rest is used;
   * `warning`: the row is used as read or with a stated correction.
   */
  severity: 'error' | 'skipped' | 'warning'
}

/**
 * Formats an issue as one line: `facilities.csv row 12, field "lon": not a number ("abc")`.
 * Line breaks quoted from the file (a CSV cell, JSON.parse's snippet) are shown as `\n`, so
 * one issue never reads as two.
 */
export function formatIssue(issue: InputIssue): string {
  const oneLine = (s: string) => s.replace(/\r/g, '\\r').replace(/\n/g, '\\n')
  return `${oneLine(issue.source)} ${oneLine(issue.where)}, field "${oneLine(issue.field)}": ${oneLine(issue.message)}`
}

/** How many issues an error message lists before it says "and N more". */
const LISTED_ISSUES = 20

/** A rejected input file. `issues` holds every error found, not just the first. */
export class InputError extends Error {
  readonly issues: InputIssue[]
  constructor(issues: InputIssue[]) {
    const errors = issues.filter((i) => i.severity === 'error')
    const shown = errors.slice(0, LISTED_ISSUES).map(formatIssue)
    const more =
      errors.length > LISTED_ISSUES ? [`… and ${errors.length - LISTED_ISSUES} more`] : []
    super([...shown, ...more].join('\n'))
    this.name = 'InputError'
    this.issues = issues
  }
}

/**
 * Throws an {@link InputError} when any issue is an error; otherwise returns the issues.
 * @example throwIfErrors([{ source: 'a.csv', where: 'row 2', field: 'lat', message: 'empty', severity: 'skipped' }])
 */
export function throwIfErrors(issues: InputIssue[]): InputIssue[] {
  if (issues.some((i) => i.severity === 'error')) throw new InputError(issues)
  return issues
}

/** What a reader returns: the usable features, and the rows it skipped or corrected. */
export interface ReadResult<T> {
  features: T[]
  /** Rows left out (e.g. "NA" coordinates) and corrections made; never errors. */
  issues: InputIssue[]
}

/**
 * Runs `read` and returns the {@link InputError} it throws, or `undefined` when it succeeds;
 * other errors propagate. For callers that report rather than abort (and for tests).
 * @example catchInputError(() => parseCsv(''))?.issues[0]?.message // 'the file is empty'
 */
export function catchInputError(read: () => unknown): InputError | undefined {
  try {
    read()
  } catch (e) {
    if (e instanceof InputError) return e
    throw e
  }
  return undefined
}
