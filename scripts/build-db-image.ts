/**
 * The database image a first visit loads instead of building the database in the page:
 * PGlite runs supabase/compat, every migration and the demo seed here, at build time, and its
 * data directory is saved as a .tar.gz. The Vite config calls `buildDbImage` for `vite build`
 * and `vite` (dev); run this file directly to build (or find) the image and print where it is:
 *
 *   npx tsx scripts/build-db-image.ts [--out file.tar.gz]
 *
 * Images are cached under node_modules/.cache/lifecircle-db-image/<digest>.tar.gz, where the
 * digest covers the SQL files (names, kinds, text) and the PGlite version: any change to a
 * migration or the seed, or a PGlite upgrade, builds a new image.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { applySqlSources, orderSources, sourcesDigest } from '../web/src/data/schema-sql-apply.ts'
import type { SqlKind, SqlSource } from '../web/src/data/schema-sql-apply.ts'
import type { PublicAnswers } from '../web/src/data/early-answers.ts'
import { ANON_CLAIMS, createRpcRunner, type SqlExecutor } from '../web/src/data/rpc-sql.ts'

export interface DbImageFile {
  /** Absolute path of the .tar.gz. */
  file: string
  /** SHA-256 (hex) of the SQL sources and the PGlite version the image was built from. */
  digest: string
  /** The files applied in the image, in order (as in `private.applied_sql`). */
  names: string[]
  /**
   * JSON of the image's answers to an anonymous caller's first reads (web/src/data/
   * early-answers.ts): what a first visit draws while it loads the image.
   */
  publicFile: string
}

const defaultRepo = fileURLToPath(new URL('..', import.meta.url))
/** Bump when the way the image is made changes, so cached images are rebuilt. */
const IMAGE_FORMAT = 3

function sqlFiles(dir: string, prefix: string, kind: SqlKind): SqlSource[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .map((f) => ({ name: `${prefix}${f}`, kind, sql: readFileSync(join(dir, f), 'utf8') }))
}

/** The same files, names and order as web/src/data/schema-sql.ts bundles, read from disk. */
export function readSqlSources(repo = defaultRepo): SqlSource[] {
  const supabase = join(repo, 'supabase')
  const seed = join(supabase, 'seed.sql')
  return orderSources([
    ...sqlFiles(join(supabase, 'compat'), 'compat/', 'compat'),
    ...sqlFiles(join(supabase, 'migrations'), 'migrations/', 'migration'),
    ...(existsSync(seed)
      ? [{ name: 'seed.sql', kind: 'seed' as const, sql: readFileSync(seed, 'utf8') }]
      : []),
  ])
}

function pgliteVersion(repo: string): string {
  const require = createRequire(join(repo, 'package.json'))
  const main = require.resolve('@electric-sql/pglite')
  // dist/index.cjs → the package folder's package.json
  const pkg = JSON.parse(readFileSync(resolve(main, '../../package.json'), 'utf8')) as {
    version: string
  }
  return `pglite ${pkg.version}`
}

/**
 * What the image's database answers an anonymous caller through the API, as the app calls it
 * (the same RPC path): the catalogue, the communities and every facility it may see.
 */
export async function publicAnswers(pg: SqlExecutor): Promise<PublicAnswers> {
  const runner = createRpcRunner(pg)
  const call = (fn: string, args: Record<string, unknown> = {}) =>
    runner.call<unknown[]>(fn, args, ANON_CLAIMS)
  return {
    list_categories: await call('list_categories'),
    list_communities: await call('list_communities'),
    facilities: await call('facilities_in_bbox', {
      min_lon: -180,
      min_lat: -90,
      max_lon: 180,
      max_lat: 90,
    }),
  }
}

/** Build the image for the SQL as it is now, or return the cached one. */
export async function buildDbImage(
  options: { repo?: string; cacheDir?: string; log?: (message: string) => void } = {},
): Promise<DbImageFile> {
  const repo = options.repo ?? defaultRepo
  const cacheDir = options.cacheDir ?? join(repo, 'node_modules', '.cache', 'lifecircle-db-image')
  const sources = readSqlSources(repo)
  const digest = await sourcesDigest(sources, `${pgliteVersion(repo)} image ${IMAGE_FORMAT}`)
  const names = sources.map((s) => s.name)
  const file = join(cacheDir, `${digest}.tar.gz`)
  const publicFile = join(cacheDir, `${digest}.public.json`)
  if (existsSync(file) && existsSync(publicFile)) return { file, digest, names, publicFile }

  const started = performance.now()
  const [{ PGlite }, { cube }, { earthdistance }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/cube'),
    import('@electric-sql/pglite/contrib/earthdistance'),
  ])
  // 1 MB WAL segments instead of 16: the image carries a few segments, and a first visit
  // unpacks and stores every byte of them.
  const pg = await PGlite.create({
    extensions: { cube, earthdistance },
    initDbStartParams: ['--wal-segsize=1'],
  })
  let bytes: Uint8Array
  let answers: PublicAnswers
  try {
    await applySqlSources(pg, sources)
    answers = await publicAnswers(pg)
    // The app never creates databases; the two templates are a third of the image.
    for (const template of ['template0', 'template1']) {
      await pg.exec(`update pg_database set datistemplate = false where datname = '${template}'`)
      await pg.exec(`drop database ${template}`)
    }
    // Frozen, analysed and checkpointed, so a first visit neither replays WAL nor rewrites
    // every page to set hint bits on its first reads; old WAL segments dropped.
    await pg.exec('vacuum (freeze, analyze)')
    await pg.exec(`alter system set min_wal_size = '2MB'`)
    await pg.query('select pg_reload_conf()')
    await pg.exec('checkpoint')
    await pg.exec('alter system reset min_wal_size')
    await pg.query('select pg_reload_conf()')
    bytes = new Uint8Array(await (await pg.dumpDataDir('gzip')).arrayBuffer())
  } finally {
    await pg.close()
  }
  mkdirSync(cacheDir, { recursive: true })
  // Older images are dead weight once the SQL has moved on.
  for (const old of readdirSync(cacheDir)) {
    if (old.endsWith('.tar.gz') || old.endsWith('.public.json'))
      rmSync(join(cacheDir, old), { force: true })
  }
  // The answers first: an image without them is not taken from the cache.
  for (const [path, data] of [
    [publicFile, JSON.stringify(answers)],
    [file, bytes],
  ] as const) {
    const partial = `${path}.${process.pid}.partial`
    writeFileSync(partial, data)
    renameSync(partial, path)
  }
  options.log?.(
    `database image: ${names.length} SQL files, ${(bytes.byteLength / 1e6).toFixed(2)} MB, ` +
      `built in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  )
  return { file, digest, names, publicFile }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' } } })
  const image = await buildDbImage({ log: (m) => console.log(m) })
  if (values.out) copyFileSync(image.file, values.out)
  const at = values.out ?? image.file
  console.log(
    `${at} (${(statSync(at).size / 1e6).toFixed(2)} MB, digest ${image.digest.slice(0, 12)})`,
  )
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  })
}
