/**
 * Builds the command-line tools as plain JavaScript: `bin/NAME.mjs` from `scripts/NAME.ts`, one
 * self-contained ES module each (esbuild, platform node), so that a run starts in tens of
 * milliseconds instead of compiling TypeScript on the fly. Run by `npm run build:cli`, by
 * `prepare` (so `npm ci` builds them) and by `npm run build`. `bin/` is not committed.
 *
 * `npm run build:cli [-- --check]`: `--check` only lists what would be built.
 */
import { chmodSync, existsSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

/**
 * The CLIs: `scripts/NAME.ts` becomes `bin/NAME.mjs`. Add a name here when you add a CLI; a name
 * whose script does not exist yet is skipped.
 */
export const CLI_ENTRIES: readonly string[] = [
  'coverage',
  'bench',
  'near',
  'suggest',
  'import',
  'export',
  'restore',
  'load',
]

/**
 * Worker threads a CLI starts (`scripts/lib/NAME.ts` becomes `bin/NAME.mjs`, found beside the
 * CLI at run time); skipped like the CLIs when missing.
 */
export const WORKER_ENTRIES: readonly string[] = ['coverage-pool-worker']

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

/**
 * Some dependencies are CommonJS and `require` Node's modules; an ES module has no `require`,
 * so each bundle makes one.
 */
const REQUIRE_SHIM =
  "import { createRequire as __lcCreateRequire } from 'node:module'; const require = __lcCreateRequire(import.meta.url);"

/** Builds every entry that exists; returns the files written (repository-relative). */
export async function buildCli(options: { check?: boolean } = {}): Promise<string[]> {
  const jobs: Array<{ source: string; out: string; cli: boolean }> = []
  for (const name of CLI_ENTRIES) {
    const source = join('scripts', `${name}.ts`)
    if (existsSync(join(root, source))) jobs.push({ source, out: `bin/${name}.mjs`, cli: true })
  }
  for (const name of WORKER_ENTRIES) {
    const source = join('scripts', 'lib', `${name}.ts`)
    if (existsSync(join(root, source))) jobs.push({ source, out: `bin/${name}.mjs`, cli: false })
  }
  if (options.check) return jobs.map((j) => j.out)
  mkdirSync(join(root, 'bin'), { recursive: true })
  await Promise.all(
    jobs.map((j) =>
      build({
        entryPoints: [join(root, j.source)],
        outfile: join(root, j.out),
        bundle: true,
        format: 'esm',
        platform: 'node',
        target: 'node20',
        // Loaded only when a CLI runs TypeScript workers from source (tests, tsx).
        external: ['esbuild'],
        banner: { js: `${j.cli ? '#!/usr/bin/env node\n' : ''}${REQUIRE_SHIM}` },
        legalComments: 'none',
        logLevel: 'warning',
      }),
    ),
  )
  // Runnable as ./bin/NAME.mjs too (the first line names node).
  for (const j of jobs) if (j.cli) chmodSync(join(root, j.out), 0o755)
  return jobs.map((j) => j.out)
}

// Run as a program, not imported (the bench imports it, and its bundle has one import.meta.url).
const entry = process.argv[1]
if (
  entry !== undefined &&
  fileURLToPath(import.meta.url) === entry &&
  /(^|[\\/])build-cli\.(ts|mjs)$/.test(entry)
) {
  const check = process.argv.includes('--check')
  buildCli({ check }).then(
    (files) =>
      process.stderr.write(`build-cli: ${check ? 'would build' : 'built'} ${files.join(', ')}\n`),
    (e: unknown) => {
      process.stderr.write(`build-cli: ${(e as Error).message}\n`)
      process.exitCode = 1
    },
  )
}
