import { PGlite } from '@electric-sql/pglite'
import { describe, expect, it } from 'vitest'
import { decodePgError, encodePgError } from './pglite-errors.ts'
import { toDbError } from './rpc-sql.ts'

describe('database errors across the PGlite worker boundary', () => {
  it('keep their code and fields through a message-only hand-over', async () => {
    const pg = await PGlite.create()
    let thrown: unknown
    try {
      await pg.exec(`do $$ begin raise exception 'facility.version: stale' using errcode = 'PT409',
        column = 'version', detail = 'facility 1'; end $$`)
    } catch (error) {
      thrown = error
    } finally {
      await pg.close()
    }
    // What PGlite's worker sends to a tab: the message, nothing else.
    const handedOver = new Error((encodePgError(thrown) as Error).message)
    expect(decodePgError(handedOver)).toMatchObject({ code: 'PT409', column: 'version' })
    const dbError = toDbError(handedOver)
    expect(dbError.code).toBe('PT409')
    expect(dbError.isConflict).toBe(true)
    expect(dbError.message).toBe('facility.version: stale')
    expect(dbError.field).toBe('version')
    expect(dbError.details).toBe('facility 1')
  })

  it('leaves other errors alone', () => {
    const plain = new Error('network down')
    expect(encodePgError(plain)).toBe(plain)
    expect(decodePgError(plain)).toBeNull()
    expect(toDbError(plain).code).toBe('XX000')
  })
})
