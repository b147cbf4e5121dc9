/** A database failure while storing an import, or the database refusing it. */
export class StoreError extends Error {
  override name = 'StoreError'
  constructor(
    message: string,
    /** True when the database refused the input (a rule, a constraint), not a failure. */
    readonly refused: boolean,
  ) {
    super(message)
  }
}
