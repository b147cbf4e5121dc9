/**
 * The databases the DB suite runs against: PGlite always, and a throw-away database on the
 * PostgreSQL server at DATABASE_URL when that is set (CI sets it).
 */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { cube } from '@electric-sql/pglite/contrib/cube'
import { earthdistance } from '@electric-sql/pglite/contrib/earthdistance'
import pg from 'pg'
import type { SqlExecutor } from '../../web/src/data/rpc-sql.ts'
import { allSqlSources } from '../../web/src/data/schema-sql.ts'
import type { SqlSource } from '../../web/src/data/schema-sql.ts'

export interface OpenBackend {
  executor: SqlExecutor
  close(): Promise<void>
}

export interface Backend {
  name: 'pglite' | 'postgres'
  open(): Promise<OpenBackend>
}

/** node-postgres as the executor rpc-sql.ts expects (PGlite has the same two methods). */
export function pgExecutor(client: pg.ClientBase): SqlExecutor {
  return {
    query: (sql, params) => client.query(sql, params),
    exec: (sql) => client.query(sql),
  }
}

/** The schema (+ generated demo seed when present) followed by the tests' own fixture. */
export function testSqlSources(): SqlSource[] {
  const fixture = readFileSync(new URL('./fixture-seed.sql', import.meta.url), 'utf8')
  return [...allSqlSources(), { name: 'tests/db/fixture-seed.sql', kind: 'seed', sql: fixture }]
}

const pglite: Backend = {
  name: 'pglite',
  async open() {
    const db = await PGlite.create({ extensions: { cube, earthdistance } })
    return { executor: db, close: () => db.close() }
  },
}

function postgres(url: string): Backend {
  return {
    name: 'postgres',
    async open() {
      const name = `lifecircle_test_${randomBytes(6).toString('hex')}`
      const admin = new pg.Client({ connectionString: url })
      await admin.connect()
      await admin.query(`create database ${name}`)
      const target = new URL(url)
      target.pathname = `/${name}`
      const client = new pg.Client({ connectionString: target.toString() })
      try {
        await client.connect()
      } catch (error) {
        await admin.query(`drop database if exists ${name}`)
        await admin.end()
        throw error
      }
      return {
        executor: pgExecutor(client),
        async close() {
          await client.end()
          await admin.query(`drop database if exists ${name} with (force)`)
          await admin.end()
        },
      }
    },
  }
}

export function testBackends(): Backend[] {
  const url = process.env['DATABASE_URL']
  return url ? [pglite, postgres(url)] : [pglite]
}
