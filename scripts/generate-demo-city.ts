/**
 * Writes the demo city (示范数据) to data/demo/ and supabase/seed.sql.
 *
 *   npm run generate:demo                 # default seed
 *   npm run generate:demo -- --seed 7     # another city
 *   npm run generate:demo -- --check      # exit 1 when the committed files are stale
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DEFAULT_SEED, generateDemoCity } from './lib/demo-city.ts'
import { renderDemoFiles } from './lib/demo-city-files.ts'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

function parseArgs(argv: string[]): { seed: number; check: boolean } {
  let seed = DEFAULT_SEED
  let check = false
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k]
    if (arg === '--check') check = true
    else if (arg === '--seed' || arg?.startsWith('--seed=')) {
      const raw = arg === '--seed' ? argv[++k] : arg.slice('--seed='.length)
      seed = Number(raw)
      if (!Number.isSafeInteger(seed)) throw new Error(`--seed must be an integer, got ${raw}`)
    } else {
      throw new Error(`unknown argument ${arg}; usage: generate-demo-city [--seed N] [--check]`)
    }
  }
  return { seed, check }
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return null
  }
}

const { seed, check } = parseArgs(process.argv.slice(2))
const started = performance.now()
const city = generateDemoCity(seed)
const files = renderDemoFiles(city)
const ms = Math.round(performance.now() - started)

if (check) {
  const stale = [...files].filter(([path, content]) => readOrNull(join(root, path)) !== content)
  for (const [path] of stale) console.error(`stale: ${path}`)
  if (stale.length > 0) {
    console.error('run `npm run generate:demo` and commit the result')
    process.exit(1)
  }
  console.log(`demo city (seed ${seed}) is up to date`)
} else {
  for (const [path, content] of files) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), content)
  }
  const c = city.meta.counts
  console.log(
    `demo city, seed ${seed}, ${ms} ms: ${c.communities} communities, ${c.population_blocks} compounds, ` +
      `${c.facilities} facilities ${JSON.stringify(c.by_category)}, streets ${JSON.stringify(c.streets)}, ` +
      `${c.bridges} bridges, ${c.parks} parks`,
  )
}
