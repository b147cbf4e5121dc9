/**
 * The import CLI: `npm run import -- --file F [--category C] [--mapping M.json] [--crs …]
 * [--dry-run] [--out F.geojson]`. The same core importer as the editor's import screen.
 */
import { open, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseMappingJson } from '../web/src/core/io/import/field-mapping.ts'
import { checkImportSize, importFile } from '../web/src/core/io/import/import-facilities.ts'
import type { ExistingFacility, FieldMapping } from '../web/src/core/io/import/import-types.ts'
import {
  IMPORT_USAGE,
  ImportArgsError,
  parseImportArgs,
  type ImportArgs,
} from './lib/import-args.ts'
import {
  recordsGeoJson,
  reportLines,
  serverReportLines,
  writeAtomically,
  type ServerReportRow,
} from './lib/import-output.ts'
import { StoreError } from './lib/import-store-error.ts'
import type { ImportStore } from './lib/import-store.ts'

const EXIT_BAD_INPUT = 2
const EXIT_FAILED = 1
/** Mapping files are a few hundred bytes; anything near this is not one. */
const MAX_MAPPING_BYTES = 1024 * 1024

class BadInput extends Error {}

/**
 * Reads a file after checking, from its metadata alone, that it is a regular file within the
 * limit: a directory, a device such as /dev/zero or a pipe is refused before a byte is read.
 */
async function readRegularFile(path: string, maxBytes: number, what: string): Promise<Uint8Array> {
  let info
  try {
    info = await stat(path)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new BadInput(
      `${what} ${path}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
    )
  }
  if (!info.isFile())
    throw new BadInput(
      `${what} ${path}: not a regular file (${info.isDirectory() ? 'a directory' : 'a device, pipe or socket'})`,
    )
  const tooLarge = checkImportSize(info.size, maxBytes)
  if (tooLarge) throw new BadInput(`${what} ${path}: ${tooLarge.message}`)
  // Read through one handle with the size fixed at stat time, so a file that grows meanwhile
  // cannot slip past the limit.
  const handle = await open(path, 'r')
  try {
    const buffer = new Uint8Array(info.size)
    let offset = 0
    while (offset < info.size) {
      const { bytesRead } = await handle.read(buffer, offset, info.size - offset, offset)
      if (bytesRead === 0) break
      offset += bytesRead
    }
    return buffer.subarray(0, offset)
  } finally {
    await handle.close()
  }
}

/**
 * Runs the import CLI; returns the exit status: 0 done, 2 bad arguments or input (nothing
 * stored), 1 the database failed.
 * @example await runImportCli(['--file', 'stores.csv', '--category', 'store', '--dry-run'])
 */
export async function runImportCli(
  argv: readonly string[],
  log: (s: string) => void = (s) => process.stderr.write(`${s}\n`),
  out: (s: string) => void = (s) => process.stdout.write(s),
  /** How a database URL becomes a store; tests pass one over an in-process PGlite. */
  openStore: (url: string, email: string) => Promise<ImportStore> = async (url, email) =>
    // pg loads only when a database is given: a dry run starts faster without it.
    (await import('./lib/import-store.ts')).openImportStore(url, email),
): Promise<number> {
  let args: ImportArgs
  try {
    args = parseImportArgs(argv, process.env)
  } catch (e) {
    if (!(e instanceof ImportArgsError)) throw e
    log(`import: ${e.message}\nRun with --help for usage.`)
    return EXIT_BAD_INPUT
  }
  if (args.help) {
    out(IMPORT_USAGE)
    return 0
  }
  let store: ImportStore | null = null
  try {
    let mapping: FieldMapping | undefined
    if (args.mapping !== undefined) {
      const bytes = await readRegularFile(args.mapping, MAX_MAPPING_BYTES, 'mapping')
      const parsed = parseMappingJson(new TextDecoder().decode(bytes))
      if (!parsed.ok)
        throw new BadInput(
          parsed.issues.map((i) => `mapping ${args.mapping}: ${i.message}`).join('\n'),
        )
      mapping = parsed.mapping
    }
    const bytes = await readRegularFile(args.file, args.maxBytes, 'file')
    let existing: ExistingFacility[] = []
    if (args.databaseUrl && args.as) {
      store = await openStore(args.databaseUrl, args.as)
      existing = await store.existing()
    }
    const source = args.source ?? basename(args.file)
    const { records, report } = await importFile(bytes, basename(args.file), {
      source,
      mapping,
      category: args.category,
      crs: args.crs,
      existing,
      maxBytes: args.maxBytes,
    })
    // --json: one document on stdout, the importer's report and the database's, once at the end.
    const printJson = (database: unknown = null): void => {
      if (args.json) out(`${JSON.stringify({ report, database }, null, 1)}\n`)
    }
    for (const line of reportLines(report, args.verbose)) log(line)
    if (!report.ok) {
      log('import: input rejected, nothing stored or written')
      printJson()
      return EXIT_BAD_INPUT
    }
    if (records.length === 0 && report.counts.rejected > 0) {
      log('import: no row could be imported, nothing stored or written')
      printJson()
      return EXIT_BAD_INPUT
    }
    if (args.out !== undefined) {
      await writeAtomically(args.out, recordsGeoJson(records))
      log(`wrote ${records.length} records to ${args.out}`)
    }
    if (store) {
      if (!(await store.hasImportFunction())) {
        log(
          `import: the database has no import_facilities(rows, dry_run, source) function yet, so nothing was ${args.dryRun ? 'checked by it' : 'stored'}; apply the migrations that add it`,
        )
        printJson()
        return args.dryRun ? 0 : EXIT_FAILED
      }
      const result = (await store.importRows(records, args.dryRun, source)) as ServerReportRow[]
      const rowLabel =
        report.format === 'geojson' || report.format === 'shapefile' ? 'feature' : 'row'
      const server = serverReportLines(source, result, records, rowLabel)
      for (const line of server.lines) log(line)
      const summary = ['added', 'updated', 'skipped', 'rejected']
        .map((s) => `${server.counts[s] ?? 0} ${s}`)
        .join(', ')
      log(
        args.dryRun
          ? `dry run, nothing stored; the database would have: ${summary}`
          : `stored: ${summary}`,
      )
      printJson(result)
    } else {
      log('dry run: nothing stored')
      printJson()
    }
    return 0
  } catch (e) {
    if (e instanceof BadInput) {
      log(`import: ${e.message}\nnothing stored or written`)
      return EXIT_BAD_INPUT
    }
    if (e instanceof StoreError) {
      log(`import: ${e.message}\nnothing stored`)
      return e.refused ? EXIT_BAD_INPUT : EXIT_FAILED
    }
    throw e
  } finally {
    await store?.close()
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runImportCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code
    },
    (e: unknown) => {
      process.stderr.write(`import: ${(e as Error).stack ?? String(e)}\n`)
      process.exitCode = EXIT_FAILED
    },
  )
}
