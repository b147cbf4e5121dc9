import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { categoryName } from '../../../components/category-name.ts'
import { IMPORT_CRS, IMPORT_FIELDS } from '../../../core/io/import/import-types.ts'
import type {
  FieldMapping,
  ImportCrs,
  ImportField,
  ImportResult,
} from '../../../core/io/import/import-types.ts'
import type { ImportTable } from '../../../core/io/import/import-table.ts'
import type { CategoryRow, FacilityRow } from '../../../data/row-schemas.ts'
import type { MapOverlay } from '../../../map/overlay.ts'
import { useImportFacilities } from '../api/import-facilities.ts'
import type { ImportReportRow } from '../api/import-facilities.ts'
import { importPreviewOverlay } from '../lib/import-preview.ts'

// The parsers (papaparse, read-excel-file, shpjs, the GB18030 decoder) load only when a file
// is chosen, so the editor's first paint does not carry them.
const loadImporter = () => import('../../../core/io/import/import-facilities.ts')
const loadMapping = () => import('../../../core/io/import/field-mapping.ts')

interface Loaded {
  fileName: string
  table: ImportTable
}

/**
 * Bulk import: file → field mapping (found automatically, changeable) → coordinate system
 * (with the offset hint) → preview on the map with per-row problems → dry run in the database
 * → commit in one transaction, with the report of what was added, updated or skipped and why.
 */
export function ImportTab({
  categories,
  facilities,
  setOverlays,
}: {
  categories: readonly CategoryRow[]
  facilities: readonly FacilityRow[]
  setOverlays: (overlays: MapOverlay[]) => void
}) {
  const { t, i18n } = useTranslation()
  const [loaded, setLoaded] = useState<Loaded | null>(null)
  const [mapping, setMapping] = useState<FieldMapping>({})
  const [crs, setCrs] = useState<ImportCrs>('wgs84')
  const [category, setCategory] = useState('')
  const [result, setResult] = useState<ImportResult | null>(null)
  const [fileError, setFileError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [dryReport, setDryReport] = useState<ImportReportRow[] | null>(null)
  const [committed, setCommitted] = useState<ImportReportRow[] | null>(null)
  const store = useImportFacilities()

  const references = useMemo(() => facilities.map((f) => [f.lon, f.lat] as const), [facilities])

  const analyse = async (
    source: Loaded,
    nextMapping: FieldMapping,
    nextCrs: ImportCrs,
    nextCategory: string,
  ) => {
    setBusy(true)
    setDryReport(null)
    setCommitted(null)
    try {
      const { importTable } = await loadImporter()
      const r = await importTable(source.table, {
        source: source.fileName,
        mapping: nextMapping,
        crs: nextCrs,
        ...(nextCategory ? { category: nextCategory } : {}),
        categories: categories.map((c) => c.code),
        existing: facilities.map((f) => ({
          id: f.id,
          name: f.name,
          address: f.address ?? null,
          category: f.category,
          lon: f.lon,
          lat: f.lat,
        })),
        references,
      })
      setResult(r)
      setOverlays([importPreviewOverlay(r)])
    } finally {
      setBusy(false)
    }
  }

  const onFile = async (file: File) => {
    setFileError(null)
    setResult(null)
    setLoaded(null)
    setOverlays([])
    setBusy(true)
    try {
      const { checkImportSize, readImportTable } = await loadImporter()
      const tooLarge = checkImportSize(file.size)
      if (tooLarge) {
        setFileError(tooLarge.message)
        return
      }
      const bytes = new Uint8Array(await file.arrayBuffer())
      const table = await readImportTable(bytes, file.name)
      const fatal = table.issues.find((i) => i.severity === 'error')
      if (fatal) {
        setFileError(`${file.name}: ${fatal.message}`)
        return
      }
      const { suggestMapping } = await loadMapping()
      const suggested = suggestMapping(table.headers)
      const source = { fileName: file.name, table }
      setLoaded(source)
      setMapping(suggested)
      await analyse(source, suggested, crs, category)
    } catch (error) {
      setFileError(`${file.name}: ${error instanceof Error ? error.message : String(error)}`)
    } finally {
      setBusy(false)
    }
  }

  const rows = (result?.records ?? []).map((r) => ({ ...r }) as Record<string, unknown>)
  const sourceRowOf = (n: number) => result?.records[n - 1]?.source_row ?? n
  const runStore = (dryRun: boolean) =>
    store.mutate(
      { rows, dryRun, source: loaded?.fileName ?? null },
      {
        onSuccess: (report) => (dryRun ? setDryReport(report) : setCommitted(report)),
      },
    )
  const count = (report: readonly ImportReportRow[], status: ImportReportRow['status']) =>
    report.filter((r) => r.status === status).length

  const columnOf = (field: ImportField): string => {
    const s = mapping[field]
    return typeof s === 'string' ? s : Array.isArray(s) ? (s[0] ?? '') : ''
  }

  return (
    <div className="import-tab">
      <ol className="steps">
        <li>
          <label htmlFor="import-file">{t('editor.import.file')}</label>
          <input
            id="import-file"
            type="file"
            accept=".csv,.txt,.xlsx,.geojson,.json,.zip"
            data-testid="import-file"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0]
              if (file) void onFile(file)
            }}
          />
          <p className="muted small">{t('editor.import.formats')}</p>
          {fileError && (
            <p className="form-error" role="alert" data-testid="import-file-error">
              {fileError}
            </p>
          )}
        </li>
        {loaded && (
          <li>
            <h3>{t('editor.import.mapping')}</h3>
            <p className="muted small">
              {t('editor.import.readAs', {
                format: loaded.table.format,
                encoding: loaded.table.encoding ?? '—',
                rows: loaded.table.rows.length,
              })}
            </p>
            <div className="mapping-grid" data-testid="import-mapping">
              {IMPORT_FIELDS.map((field) => (
                <label key={field}>
                  <span>{t(`editor.import.fields.${field}`)}</span>
                  <select
                    value={columnOf(field)}
                    data-field={field}
                    onChange={(e) => {
                      const column = e.currentTarget.value
                      const next = { ...mapping }
                      if (column) next[field] = column
                      else delete next[field]
                      setMapping(next)
                      void analyse(loaded, next, crs, category)
                    }}
                  >
                    <option value="">{t('editor.import.notMapped')}</option>
                    {loaded.table.headers.map((h) => (
                      <option key={h} value={h}>
                        {h}
                      </option>
                    ))}
                  </select>
                </label>
              ))}
            </div>
            <div className="form-row">
              <label>
                {t('editor.import.crs')}{' '}
                <select
                  value={crs}
                  data-testid="import-crs"
                  onChange={(e) => {
                    const next = e.currentTarget.value as ImportCrs
                    setCrs(next)
                    void analyse(loaded, mapping, next, category)
                  }}
                >
                  {IMPORT_CRS.map((c) => (
                    <option key={c} value={c}>
                      {t(`editor.import.crsName.${c}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {t('editor.import.categoryAll')}{' '}
                <select
                  value={category}
                  onChange={(e) => {
                    const next = e.currentTarget.value
                    setCategory(next)
                    void analyse(loaded, mapping, crs, next)
                  }}
                >
                  <option value="">{t('editor.import.categoryFromFile')}</option>
                  {categories.map((c) => (
                    <option key={c.code} value={c.code}>
                      {categoryName(c, i18n.language)}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            {result?.report.offsetHint && (
              <p className="notice" role="status" data-testid="import-offset-hint">
                {t('editor.import.offsetHint', { hint: result.report.offsetHint })}
              </p>
            )}
          </li>
        )}
        {result && (
          <li>
            <h3>{t('editor.import.preview')}</h3>
            <p data-testid="import-counts">
              {t('editor.import.counts', {
                rows: result.report.counts.rows,
                accepted: result.report.counts.accepted,
                rejected: result.report.counts.rejected,
                skipped: result.report.counts.skipped,
              })}
            </p>
            {result.report.notes.map((n) => (
              <p key={n} className="muted small">
                {n}
              </p>
            ))}
            {result.report.issues.length > 0 && (
              <div className="table-scroll">
                <table className="issue-table" data-testid="import-issues">
                  <thead>
                    <tr>
                      <th scope="col">{t('editor.import.row')}</th>
                      <th scope="col">{t('editor.import.field')}</th>
                      <th scope="col">{t('editor.import.outcome')}</th>
                      <th scope="col">{t('editor.import.why')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.report.issues.slice(0, 500).map((issue, i) => (
                      <tr key={i} data-severity={issue.severity} data-row={issue.row ?? ''}>
                        <td>{issue.row ?? '—'}</td>
                        <td>{issue.field}</td>
                        <td>{t(`editor.import.severity.${issue.severity}`)}</td>
                        <td>{issue.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <div className="row-actions">
              <button
                type="button"
                disabled={busy || store.isPending || rows.length === 0}
                onClick={() => runStore(true)}
                data-testid="import-dry-run"
              >
                {t('editor.import.dryRun')}
              </button>
              <button
                type="button"
                className="primary"
                disabled={
                  busy ||
                  store.isPending ||
                  !dryReport ||
                  committed !== null ||
                  count(dryReport, 'added') + count(dryReport, 'updated') === 0
                }
                onClick={() => runStore(false)}
                data-testid="import-commit"
              >
                {t('editor.import.commit')}
              </button>
            </div>
            {store.error && (
              <p className="form-error" role="alert" data-testid="import-store-error">
                {t('editor.import.storeFailed', { message: store.error.message })}
              </p>
            )}
          </li>
        )}
        {(committed ?? dryReport) && (
          <li>
            <h3>{committed ? t('editor.import.done') : t('editor.import.dryRunTitle')}</h3>
            {(() => {
              const report = (committed ?? dryReport)!
              return (
                <>
                  <p data-testid={committed ? 'import-report' : 'import-dry-report'}>
                    {t(committed ? 'editor.import.reportDone' : 'editor.import.reportDry', {
                      added: count(report, 'added'),
                      updated: count(report, 'updated'),
                      skipped: count(report, 'skipped'),
                      rejected: count(report, 'rejected'),
                    })}
                  </p>
                  {report.some((r) => r.status === 'skipped' || r.status === 'rejected') && (
                    <div className="table-scroll">
                      <table className="issue-table">
                        <thead>
                          <tr>
                            <th scope="col">{t('editor.import.row')}</th>
                            <th scope="col">{t('editor.import.outcome')}</th>
                            <th scope="col">{t('editor.import.why')}</th>
                          </tr>
                        </thead>
                        <tbody>
                          {report
                            .filter((r) => r.status === 'skipped' || r.status === 'rejected')
                            .map((r) => (
                              <tr key={r.row_number}>
                                <td>{sourceRowOf(r.row_number)}</td>
                                <td>{t(`editor.import.status.${r.status}`)}</td>
                                <td>{r.reason}</td>
                              </tr>
                            ))}
                        </tbody>
                      </table>
                    </div>
                  )}
                </>
              )
            })()}
          </li>
        )}
      </ol>
    </div>
  )
}
