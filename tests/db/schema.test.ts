/**
 * Schema-wide rules: row-level security on every table, policies per command and role, no
 * function executable by PUBLIC, server-owned columns, the append-only audit, reference data.
 */
import { describe, expect, it } from 'vitest'
import { testBackends } from './backends.ts'
import { useDatabase } from './harness.ts'
import type { Row } from './harness.ts'

describe.each(testBackends())('schema on $name', (backend) => {
  const ctx = useDatabase(backend, 'schema')

  describe('schema', () => {
    it('has row-level security enabled on every table in public', async () => {
      const tables = await ctx.sql(
        `select c.relname as name, c.relrowsecurity as rls
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`,
      )
      expect(tables.map((t) => t['name'])).toEqual(
        expect.arrayContaining([
          'categories',
          'communities',
          'community_assignments',
          'facilities',
          'facility_changes',
          'feedback',
          'profiles',
          'scenarios',
        ]),
      )
      const without = tables.filter((t) => t['rls'] !== true).map((t) => t['name'])
      expect(without, `tables without row-level security: ${without.join(', ')}`).toEqual([])
    })

    it('gives every table in public at least one policy, each for one command and named roles', async () => {
      const rows = await ctx.sql(
        `select t.tablename as name, count(p.policyname)::int as policies,
                count(*) filter (where p.cmd = 'ALL' or 'public' = any (p.roles))::int as loose
         from pg_tables t left join pg_policies p on p.schemaname = t.schemaname and p.tablename = t.tablename
         where t.schemaname = 'public' group by 1 order by 1`,
      )
      expect(rows.filter((r) => r['policies'] === 0).map((r) => r['name'])).toEqual([])
      expect(rows.filter((r) => r['loose'] !== 0).map((r) => r['name'])).toEqual([])
    })

    it('lets no function in public or private be executed by PUBLIC', async () => {
      const rows = await ctx.sql(
        `select n.nspname || '.' || p.proname as name
         from pg_proc p join pg_namespace n on n.oid = p.pronamespace
         where n.nspname in ('public', 'private')
           and (p.proacl is null or exists (
             select 1 from aclexplode(p.proacl) a where a.grantee = 0 and a.privilege_type = 'EXECUTE'))
         order by 1`,
      )
      expect(rows.map((r) => r['name'])).toEqual([])
    })

    it('never lets the API roles delete facilities or touch the audit', async () => {
      const [row] = await ctx.sql(
        `select has_table_privilege('anon', 'public.facilities', 'DELETE') as anon_delete,
                has_table_privilege('authenticated', 'public.facilities', 'DELETE') as auth_delete,
                has_table_privilege('authenticated', 'public.facility_changes', 'INSERT') as audit_insert,
                has_table_privilege('authenticated', 'public.facility_changes', 'UPDATE') as audit_update,
                has_function_privilege('anon', 'public.save_facility(jsonb, integer, text)', 'EXECUTE') as anon_save`,
      )
      expect(row).toEqual({
        anon_delete: false,
        auth_delete: false,
        audit_insert: false,
        audit_update: false,
        anon_save: false,
      })
    })

    it('keeps facilities and feedback out of reach of direct table writes (the API writes them)', async () => {
      const [row] = await ctx.sql(
        `select has_column_privilege('authenticated', 'public.facilities', 'version', 'UPDATE') as version,
                has_column_privilege('authenticated', 'public.facilities', 'created_by', 'INSERT') as created_by,
                has_column_privilege('authenticated', 'public.facilities', 'deleted_at', 'UPDATE') as deleted_at,
                has_column_privilege('authenticated', 'public.facilities', 'name', 'UPDATE') as name,
                has_column_privilege('authenticated', 'public.feedback', 'comment', 'UPDATE') as comment,
                has_column_privilege('anon', 'public.feedback', 'status', 'INSERT') as anon_status,
                has_column_privilege('authenticated', 'public.scenarios', 'owner', 'UPDATE') as owner,
                has_column_privilege('authenticated', 'public.profiles', 'user_id', 'UPDATE') as user_id`,
      )
      expect(row).toEqual({
        version: false,
        created_by: false,
        deleted_at: false,
        name: false,
        comment: false,
        anon_status: false,
        owner: false,
        user_id: false,
      })
    })

    it('keeps the audit append-only even for the table owner', async () => {
      await expect(
        ctx.sql('update facility_changes set reason = $1', ['rewrite history']),
      ).rejects.toThrow(/append-only/)
      await expect(ctx.sql('delete from facility_changes')).rejects.toThrow(/append-only/)
    })

    it('seeds the four categories with distinct colours', async () => {
      const rows = await ctx.call<Row[]>('anon', 'list_categories')
      expect(
        rows
          .slice(0, 4)
          .map((r) => [r['code'], r['name_zh'], r['target_group'], r['capacity_unit']]),
      ).toEqual([
        ['canteen', '老年食堂·助餐点', 'elderly', 'seats'],
        ['childcare', '托育点', 'infants', 'slots'],
        ['fitness', '健身点', 'all', 'm2'],
        ['store', '便利店', 'all', 'none'],
      ])
      expect(new Set(rows.map((r) => r['color'])).size).toBe(rows.length)
    })
  })
})
