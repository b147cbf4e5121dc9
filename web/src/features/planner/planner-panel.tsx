import type { Map as MapLibreMap } from 'maplibre-gl'
import { useMemo, useState } from 'react'
import { createPortal } from 'react-dom'
import { useTranslation } from 'react-i18next'
import { categoryName } from '../../components/category-name.ts'
import { scenarioDiffGeoJson } from './scenario/scenario-geojson.ts'
import type { CategoryRow, CommunityRow, FacilityRow } from '../../data/row-schemas.ts'
import { COMPLETE, useCoverageStore } from '../../state/coverage-store.ts'
import { CategoryReach } from './coverage/category-reach.tsx'
import { CoverageControls } from './coverage/coverage-controls.tsx'
import { ExportPanel } from './export/export-panel.tsx'
import { download, exportProvenance, stamp } from './export/export-files.ts'
import { PlannerReport } from './export/planner-report.tsx'
import { ScenarioPanel } from './scenario/scenario-panel.tsx'
import { SuggestPanel } from './suggest/suggest-panel.tsx'
import { DistrictSummaryView } from './summary/district-summary-view.tsx'
import { TargetsPanel } from './targets/targets-panel.tsx'
import { compareTargets } from './targets/targets.ts'
import type { Planner } from './use-planner.ts'
import './planner.css'

export interface PlannerPanelProps {
  categories: readonly CategoryRow[]
  communities: readonly CommunityRow[] | undefined
  facilities: readonly FacilityRow[] | undefined
  planner: Planner
  map: MapLibreMap | null
}

/**
 * The planner's side panel: the district against the targets, what the map shows and the reach,
 * the what-if scenario, suggested sites and the exports.
 */
export function PlannerPanel({
  categories,
  communities,
  facilities,
  planner,
  map,
}: PlannerPanelProps) {
  const { t, i18n } = useTranslation()
  const lang = i18n.language
  const category = useCoverageStore((s) => s.category)
  const minutes = useCoverageStore((s) => s.minutes)
  const speedKmh = useCoverageStore((s) => s.speedKmh)
  const overrides = useCoverageStore((s) => s.reachOverrides)
  const { coverage, scenario, summary, diff, targets, communityTarget } = planner
  const shown = scenario.result ?? coverage.result
  const [reportImage, setReportImage] = useState<string | null | undefined>(undefined)

  const nameOf = (code: string) => {
    if (code === COMPLETE) return t('coverage.complete')
    const c = categories.find((x) => x.code === code)
    return c ? categoryName(c, lang) : code
  }
  const minutesByCategory = useMemo(
    () =>
      Object.fromEntries(
        categories.map((c) => [c.code, overrides[c.code]?.kind === 'metres' ? -1 : minutes]),
      ),
    [categories, overrides, minutes],
  )
  const comparisons = useMemo(
    () => (shown ? compareTargets(shown, targets, minutesByCategory) : []),
    [shown, targets, minutesByCategory],
  )
  const reachNotes = useMemo(
    () =>
      Object.fromEntries(
        categories.map((c) => {
          const o = overrides[c.code]
          const note =
            o?.kind === 'metres'
              ? 'straight-line metres set by the planner'
              : o?.kind === 'pace'
                ? `${minutes} min × ${o.pace === 'elderly' ? '3.0' : '4.5'} km/h (${o.pace} pace)`
                : `${minutes} min × ${speedKmh.toFixed(1)} km/h`
          return [c.code, note]
        }),
      ),
    [categories, overrides, minutes, speedKmh],
  )
  const provenance = () => exportProvenance(communities ?? [], shown!, reachNotes, new Date())
  const streets = useMemo(
    () => Object.fromEntries((communities ?? []).map((c) => [c.id, c.street ?? ''])),
    [communities],
  )

  return (
    <div className="planner-panel">
      {summary && (
        <DistrictSummaryView
          summary={summary}
          name={nameOf(category)}
          target={category === COMPLETE ? undefined : communityTarget[category]}
          diff={diff}
        />
      )}
      <CoverageControls
        categories={categories}
        coverage={coverage}
        target={category === COMPLETE ? undefined : communityTarget[category]}
      />
      {shown && <TargetsPanel comparisons={comparisons} />}
      <CategoryReach categories={categories} />
      <ScenarioPanel
        categories={categories}
        facilities={facilities}
        category={planner.detailCategory}
        scenario={scenario}
        diff={diff}
        settings={coverage.result?.settings ?? null}
        onExportDiff={() => {
          if (!diff || !shown) return
          download(
            `scenario-difference-${stamp(new Date())}.geojson`,
            JSON.stringify(scenarioDiffGeoJson(diff, communities ?? [], provenance())),
            'application/geo+json',
          )
        }}
      />
      <SuggestPanel
        categories={categories}
        communities={communities}
        category={planner.detailCategory}
        settings={coverage.result?.settings ?? null}
        onExport={() =>
          document.querySelector<HTMLButtonElement>('[data-testid="export-sites"]')?.click()
        }
      />
      <ExportPanel
        result={shown}
        gaps={planner.gaps}
        provenance={provenance}
        streets={streets}
        targets={communityTarget}
        map={map}
        onPrint={(image) => {
          setReportImage(image)
          // Printed after React has drawn the report with the image.
          setTimeout(() => window.print(), 100)
        }}
      />
      {shown &&
        reportImage !== undefined &&
        createPortal(
          <PlannerReport
            result={shown}
            comparisons={comparisons}
            provenance={provenance()}
            image={reportImage}
            categoryName={nameOf}
          />,
          document.body,
        )}
    </div>
  )
}
