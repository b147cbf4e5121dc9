import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Session } from '../../data/db.ts'
import type { CategoryRow, CommunityRow, FacilityRow } from '../../data/row-schemas.ts'
import { useQuery } from '@tanstack/react-query'
import { useDb } from '../../data/db-provider.tsx'
import { facilityQueryOptions } from '../../data/use-facility.ts'
import type { MapMarker, MapOverlay } from '../../map/overlay.ts'
import { FacilityEditor } from './components/facility-editor.tsx'
import { FacilityList } from './components/facility-list.tsx'
import { ImportTab } from './components/import-tab.tsx'
import { PeopleTab } from './components/people-tab.tsx'
import { ReportsTab } from './components/reports-tab.tsx'
import { SignInCard } from './components/sign-in-card.tsx'
import type { DemoAccount } from './components/sign-in-card.tsx'
import { VerifyQueue } from './components/verify-queue.tsx'
import './editor.css'

export type EditorTab = 'facilities' | 'verify' | 'reports' | 'import' | 'people'
export type { DemoAccount }

export interface EditorPanelProps {
  session: Session | null
  categories: readonly CategoryRow[]
  communities: readonly CommunityRow[] | undefined
  facilities: readonly FacilityRow[] | undefined
  selectedId: string | null
  tab: EditorTab
  onTab: (tab: EditorTab) => void
  onSelect: (id: string | null) => void
  /** A new facility's point, chosen on the map. */
  newAt: [number, number] | null
  /** Whether the next map click places a new facility. */
  placing: boolean
  onPlacing: (placing: boolean) => void
  onCloseNew: () => void
  demoAccounts: readonly DemoAccount[]
  setMarkers: (markers: MapMarker[]) => void
  setOverlays: (overlays: MapOverlay[]) => void
}

/**
 * The community worker's workspace: their facilities, the to-verify queue, residents' reports,
 * bulk import and (admins) people; one facility's form with its history when one is chosen.
 */
export function EditorPanel(props: EditorPanelProps) {
  const { session, categories, selectedId, tab, newAt } = props
  const { t } = useTranslation()
  const [resolving, setResolving] = useState<{ feedbackId: string; facilityId: string } | null>(
    null,
  )
  const communities = props.communities ?? []
  const facilities = props.facilities ?? []
  if (!session || (session.role !== 'worker' && session.role !== 'admin')) {
    return <SignInCard demoAccounts={props.demoAccounts} currentRole={session?.role ?? null} />
  }
  const isAdmin = session.role === 'admin'
  const mine = new Set(session.communities)
  const manages = (f: { community_id?: string | null }) =>
    isAdmin || (f.community_id != null && mine.has(f.community_id))
  const own = facilities.filter(manages)
  const names = new Map(communities.map((c) => [c.id, c.name]))

  if (selectedId || newAt) {
    return (
      <SelectedFacility
        key={selectedId ?? `new-${newAt?.join(',')}`}
        id={selectedId}
        newAt={newAt}
        listRow={facilities.find((f) => f.id === selectedId)}
        manages={manages}
        communityName={(id) => names.get(id) ?? id}
        categories={categories}
        communities={communities}
        facilities={facilities}
        resolvingFeedbackId={resolving?.facilityId === selectedId ? resolving.feedbackId : null}
        onClose={() => {
          setResolving(null)
          if (newAt) props.onCloseNew()
          props.onSelect(null)
        }}
        onSaved={(row) => {
          if (resolving?.facilityId === row.id) setResolving(null)
          if (!selectedId) props.onSelect(row.id)
        }}
        setMarkers={props.setMarkers}
      />
    )
  }

  const tabs: EditorTab[] = [
    'facilities',
    'verify',
    'reports',
    'import',
    ...(isAdmin ? (['people'] as const) : []),
  ]
  const current = tabs.includes(tab) ? tab : 'facilities'
  return (
    <section className="editor-panel" aria-labelledby="editor-title" data-testid="editor-panel">
      <h2 id="editor-title">{t('editor.title')}</h2>
      <p className="muted small" data-testid="editor-communities">
        {isAdmin
          ? t('editor.allCommunities', { count: own.length })
          : t('editor.communities', {
              names: session.communities
                .map((id) => names.get(id) ?? id)
                .join(t('editor.listSeparator')),
              count: own.length,
            })}
      </p>
      <div className="editor-tabs" role="tablist" aria-label={t('editor.tabs.label')}>
        {tabs.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`editor-tab-${name}`}
            aria-selected={current === name}
            aria-controls="editor-tabpanel"
            className={current === name ? 'active' : undefined}
            data-testid={`editor-tab-${name}`}
            onClick={() => props.onTab(name)}
          >
            {t(`editor.tabs.${name}`)}
          </button>
        ))}
      </div>
      <div id="editor-tabpanel" role="tabpanel" aria-labelledby={`editor-tab-${current}`}>
        {current === 'facilities' && (
          <FacilityList
            facilities={own}
            categories={categories}
            selectedId={selectedId}
            onSelect={props.onSelect}
            onAdd={() => props.onPlacing(!props.placing)}
            placing={props.placing}
          />
        )}
        {current === 'verify' && (
          <VerifyQueue
            facilities={own}
            allFacilities={facilities}
            categories={categories}
            communities={communities}
            onSelect={props.onSelect}
          />
        )}
        {current === 'reports' && (
          <ReportsTab
            onFix={(item) => {
              setResolving({ feedbackId: item.id, facilityId: item.facility_id })
              props.onSelect(item.facility_id)
            }}
          />
        )}
        {current === 'import' && (
          <ImportTab
            categories={categories}
            facilities={facilities}
            setOverlays={props.setOverlays}
          />
        )}
        {current === 'people' && isAdmin && <PeopleTab communities={communities} />}
      </div>
    </section>
  )
}

function SelectedFacility({
  id,
  newAt,
  listRow,
  manages,
  communityName,
  resolvingFeedbackId,
  ...rest
}: {
  id: string | null
  newAt: [number, number] | null
  listRow: FacilityRow | undefined
  manages: (f: { community_id?: string | null }) => boolean
  communityName: (id: string) => string
  categories: readonly CategoryRow[]
  communities: readonly CommunityRow[]
  facilities: readonly FacilityRow[]
  resolvingFeedbackId: string | null
  onClose: () => void
  onSaved: (row: FacilityRow) => void
  setMarkers: (markers: MapMarker[]) => void
}) {
  const { t } = useTranslation()
  const fresh = useQuery({
    ...facilityQueryOptions(useDb(), id ?? ''),
    placeholderData: listRow,
    enabled: id !== null,
  })
  // The form opens on the stored row as it is now, never on a list's older copy: its version
  // is the one the save will expect.
  if (id && (fresh.isPending || fresh.isPlaceholderData))
    return <p className="muted">{t('editor.loading')}</p>
  const row = id ? (fresh.data ?? null) : null
  if (id && !row) {
    return (
      <section className="facility-editor">
        <button type="button" className="link-button" onClick={rest.onClose}>
          ← {t('editor.form.back')}
        </button>
        <p className="form-error">{t('facility.notFound')}</p>
      </section>
    )
  }
  return (
    <>
      {row && !manages(row) && (
        <p className="notice warning" role="status" data-testid="not-your-community">
          {t('editor.form.notYours', {
            community: row.community_id ? communityName(row.community_id) : '—',
          })}
        </p>
      )}
      {resolvingFeedbackId && (
        <p className="notice" role="status" data-testid="resolving-report">
          {t('editor.reports.resolving')}
        </p>
      )}
      <FacilityEditor
        row={row}
        newAt={newAt}
        resolvingFeedbackId={resolvingFeedbackId}
        showHistory={row ? manages(row) : false}
        {...rest}
      />
    </>
  )
}
