import type { CoverageResult } from '../../../core/coverage/types.ts'
import type { ExportProvenance } from '../../../core/io/export/provenance.ts'
import type { CommunityRow } from '../../../data/row-schemas.ts'
import pkg from '../../../../../package.json' with { type: 'json' }

/** The app's version as exports state it. */
export const APP_VERSION: string = (pkg as { version: string }).version

/**
 * Where the shown figures come from: the communities' own source and vintage (the demo city says
 * it is generated), this version, now, and each category's reach in words.
 */
export function exportProvenance(
  communities: readonly Pick<CommunityRow, 'source' | 'vintage'>[],
  result: Pick<CoverageResult, 'settings'>,
  reachNotes: Readonly<Record<string, string>>,
  now: Date,
): ExportProvenance {
  const distinct = (values: Array<string | number | null | undefined>) =>
    [...new Set(values.filter((v) => v !== null && v !== undefined && v !== '').map(String))].join(
      '; ',
    ) || '–'
  return {
    data_source: distinct(communities.map((c) => c.source)),
    data_vintage: distinct(communities.map((c) => c.vintage)),
    app_version: APP_VERSION,
    generated_at: now.toISOString(),
    reach_notes: Object.fromEntries(
      result.settings.categories.map((c) => [c.code, reachNotes[c.code] ?? '']),
    ),
  }
}

/** Hands a file to the user as a download. */
export function download(name: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** A file name stamp: `2026-12-03-0915`. */
export function stamp(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}`
}
