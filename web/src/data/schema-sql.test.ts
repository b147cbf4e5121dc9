import { describe, expect, it } from 'vitest'
import { allSqlSources, schemaSources, seedSource } from './schema-sql.ts'

describe('schema SQL sources', () => {
  const sources = schemaSources()

  it('puts the compat files first, then the migrations in timestamp order', () => {
    const kinds = sources.map((s) => s.kind)
    expect(kinds.indexOf('migration')).toBe(kinds.lastIndexOf('compat') + 1)
    expect(sources.filter((s) => s.kind === 'compat').map((s) => s.name)).toEqual([
      'compat/00_roles.sql',
      'compat/01_auth.sql',
    ])
    const migrations = sources.filter((s) => s.kind === 'migration').map((s) => s.name)
    expect(migrations.length).toBeGreaterThan(10)
    expect([...migrations].sort()).toEqual(migrations)
  })

  it('names every migration <timestamp>_<verb>_<noun>.sql and bundles its text', () => {
    for (const s of sources.filter((x) => x.kind === 'migration')) {
      expect(s.name).toMatch(/^migrations\/\d{14}_[a-z]+_[a-z0-9_]+\.sql$/)
      expect(s.sql.trim().length).toBeGreaterThan(0)
    }
  })

  it('appends the seed last when it exists', () => {
    const seed = seedSource()
    const all = allSqlSources()
    if (seed) {
      expect(all.at(-1)).toEqual(seed)
      expect(seed.name).toBe('seed.sql')
      expect(seed.sql).toMatch(/insert into (public\.)?communities/)
    } else {
      expect(all).toEqual(sources)
    }
  })
})
