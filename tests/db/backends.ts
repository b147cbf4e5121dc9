/**
 * The databases the DB suite runs against: PGlite always, and a throw-away database on the
 * PostgreSQL server at DATABASE_URL when that is set (CI sets it).
 */
import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { cube } from '@electric-sql/pglite/contrib/cube'
import { earthdistance } from '@electric-sql/pglite/contrib/earthdistance'
import pg from 'pg'
import type { SqlExecutor } from '../../web/src/data/rpc-sql.ts'
import { allSqlSources, applySqlSources } from '../../web/src/data/schema-sql.ts'
import type { SqlSource } from '../../web/src/data/schema-sql.ts'

export interface OpenBackend {
  executor: SqlExecutor
  /** PostgreSQL only: the database's URL, for what connects on its own (the CLIs). */
  url?: string
  close(): Promise<void>
}

export interface Backend {
  name: 'pglite' | 'postgres'
  /** An empty database. */
  open(): Promise<OpenBackend>
  /** A fresh database with these sources applied (each test file gets its own). */
  prepare(sources: readonly SqlSource[]): Promise<OpenBackend>
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

const extensions = { cube, earthdistance }

function readImage(file: string): Blob | null {
  try {
    return new Blob([readFileSync(file)])
  } catch {
    return null
  }
}

/**
 * PGlite's initdb and the migrations take most of a DB test file's time, so the prepared data
 * directory is kept in the system temp folder, keyed by the SQL it was built from, and each
 * file starts from a copy of it (its own database all the same).
 */
const pglite: Backend = {
  name: 'pglite',
  async open() {
    const db = await PGlite.create({ extensions })
    return { executor: db, close: () => db.close() }
  },
  async prepare(sources) {
    const key = createHash('sha256')
    for (const s of sources) key.update(`${s.name}\0${s.kind}\0${s.sql}\0`)
    const dir = join(tmpdir(), 'lifecircle-test-db')
    const file = join(dir, `${key.digest('hex').slice(0, 32)}.tar`)
    const image = readImage(file)
    if (image) {
      const db = await PGlite.create({ loadDataDir: image, extensions })
      return { executor: db, close: () => db.close() }
    }
    const db = await PGlite.create({ extensions })
    await applySqlSources(db, sources)
    const dump = await db.dumpDataDir('none')
    mkdirSync(dir, { recursive: true })
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()))
    renameSync(partial, file)
    return { executor: db, close: () => db.close() }
  },
}

function postgres(url: string): Backend {
  const backend: Backend = {
    name: 'postgres',
    async prepare(sources) {
      const open = await backend.open()
      try {
        await applySqlSources(open.executor, sources)
      } catch (error) {
        await open.close()
        throw error
      }
      return open
    },
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
        url: target.toString(),
        async close() {
          await client.end()
          await admin.query(`drop database if exists ${name} with (force)`)
          await admin.end()
        },
      }
    },
  }
  return backend
}

export function testBackends(): Backend[] {
  const url = process.env['DATABASE_URL']
  return url ? [pglite, postgres(url)] : [pglite]
}
