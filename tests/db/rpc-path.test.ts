/**
 * The RPC path itself (rpc-sql.ts, shared with the local adapter): unknown functions and
 * arguments are refused as PostgREST refuses them, and claims cannot pick another role.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DbError } from '../../web/src/data/db.ts'
import { sqlLiteral } from '../../web/src/data/rpc-sql.ts'
import { testBackends } from './backends.ts'
import { FACILITY } from './fixture.ts'
import { useDatabase } from './harness.ts'

describe.each(testBackends())('rpc path on $name', (backend) => {
  const ctx = useDatabase(backend, 'rpc path')

  describe('the RPC path', () => {
    it('refuses unknown functions and arguments the way PostgREST does', async () => {
      for (const [fn, args] of [
        ['no_such_function', {}],
        ['get_facility', { facility_id: FACILITY.storeA, extra: 1 }],
        ['get_facility', {}],
        ['get_facility; drop table facilities', {}],
      ] as const) {
        await expect(ctx.call('anon', fn, args)).rejects.toSatisfy(
          (e: unknown) => e instanceof DbError && e.code === 'PGRST202',
        )
      }
      const [n] = await ctx.sql('select count(*)::int as n from facilities')
      expect(n!['n']).toBeGreaterThan(0)
    })

    it('inlines any text as a literal that reads back the same, whatever the quoting setting', async () => {
      // Calls go to the database as one batch with their values inlined (rpc-sql.ts).
      for (const setting of ['on', 'off']) {
        await ctx.sql(`set standard_conforming_strings = ${setting}`)
        await fc.assert(
          fc.asyncProperty(
            fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !s.includes('\0')),
            async (text) => {
              const [row] = await ctx.sql(`select ${sqlLiteral(text)}::text as v`)
              expect(row!['v']).toBe(text)
            },
          ),
          { numRuns: 100 },
        )
        for (const text of ["'; drop table facilities; --", "\\'", '\\', "'", "E'x"]) {
          const [row] = await ctx.sql(`select ${sqlLiteral(text)}::text as v`)
          expect(row!['v']).toBe(text)
        }
      }
      await ctx.sql('reset standard_conforming_strings')
    })

    it('cannot be talked into another role by the claims', async () => {
      await expect(
        ctx.runner.call('my_profile', {}, { role: 'service_role' as 'anon' }),
      ).rejects.toSatisfy((e: unknown) => e instanceof DbError && e.code === '42501')
    })
  })
})
