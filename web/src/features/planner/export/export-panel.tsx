import type { Map as MapLibreMap } from 'maplibre-gl'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { CoverageResult } from '../../../core/coverage/types.ts'
import { gapsGeoJson } from '../../../core/io/export/gaps-geojson.ts'
import type { ExportProvenance } from '../../../core/io/export/provenance.ts'
import { suggestedSitesGeoJson } from '../../../core/io/export/sites-geojson.ts'
import { coverageTableCsv } from '../../../core/io/export/table-csv.ts'
import { coverageTableXlsx } from '../../../core/io/export/table-xlsx.ts'
import { usePlannerStore } from '../planner-store.ts'
import type { DistrictGaps } from '../scenario/use-scenario.ts'
import { download, stamp } from './export-files.ts'
import { mapImage } from './map-image.ts'

export interface ExportPanelProps {
  result: CoverageResult | null
  gaps: DistrictGaps | null
  provenance: () => ExportProvenance
  streets: Readonly<Record<string, string>>
  targets: Readonly<Record<string, number>>
  map: MapLibreMap | null
  /** Shows the report with this map image and opens the print dialog. */
  onPrint(image: string | null): void
}

/** Table as CSV / XLSX with the header block, gaps and suggested sites as GeoJSON, map PNG, report. */
export function ExportPanel({
  result,
  gaps,
  provenance,
  streets,
  targets,
  map,
  onPrint,
}: ExportPanelProps) {
  const { t, i18n } = useTranslation()
  const suggestions = usePlannerStore((s) => s.suggestions)
  const [error, setError] = useState<string | null>(null)
  const language = i18n.language.startsWith('en') ? 'en' : 'zh'
  const now = () => new Date()
  const guard = (f: () => Promise<void> | void) => async () => {
    setError(null)
    try {
      await f()
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
    }
  }
  if (!result) return null
  const options = { streets, targets, language } as const
  return (
    <section className="planner-export" data-testid="planner-export" aria-labelledby="export-title">
      <h2 id="export-title">{t('planner.export.title')}</h2>
      <div className="button-row">
        <button
          type="button"
          data-testid="export-csv"
          onClick={guard(() =>
            download(
              `coverage-${stamp(now())}.csv`,
              coverageTableCsv(result, provenance(), options),
              'text/csv;charset=utf-8',
            ),
          )}
        >
          CSV
        </button>
        <button
          type="button"
          data-testid="export-xlsx"
          onClick={guard(async () =>
            download(
              `coverage-${stamp(now())}.xlsx`,
              await coverageTableXlsx(result, provenance(), options),
              'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            ),
          )}
        >
          XLSX
        </button>
        <button
          type="button"
          data-testid="export-gaps"
          disabled={!gaps}
          onClick={guard(() => {
            if (!gaps) return
            download(
              `gaps-${stamp(now())}.geojson`,
              JSON.stringify(gapsGeoJson(gaps, result, provenance())),
              'application/geo+json',
            )
          })}
        >
          {t('planner.export.gaps')}
        </button>
        {suggestions && (
          <button
            type="button"
            data-testid="export-sites"
            onClick={guard(() =>
              download(
                `suggested-sites-${stamp(now())}.geojson`,
                JSON.stringify(suggestedSitesGeoJson(suggestions, provenance())),
                'application/geo+json',
              ),
            )}
          >
            {t('planner.export.sites')}
          </button>
        )}
        <button
          type="button"
          data-testid="export-png"
          disabled={!map}
          onClick={guard(async () => {
            if (!map) return
            const url = await mapImage(map)
            download(`map-${stamp(now())}.png`, await (await fetch(url)).blob(), 'image/png')
          })}
        >
          {t('planner.export.png')}
        </button>
        <button
          type="button"
          data-testid="export-report"
          onClick={guard(async () => onPrint(map ? await mapImage(map) : null))}
        >
          {t('planner.export.report')}
        </button>
      </div>
      {error && <p role="alert">{error}</p>}
      <p className="muted small">{t('planner.export.note')}</p>
    </section>
  )
}
