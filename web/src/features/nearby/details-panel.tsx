import { useEffect, useRef, type ReactNode } from 'react'
import type { Pace } from '../../core/catalog/paces.ts'
import { useTranslation } from 'react-i18next'
import type { CategoryRow, CommunityRow, FacilityRow } from '../../data/row-schemas.ts'
import { useMapStore } from '../../state/map-store.ts'
import { CommunityDetails } from './community-details.tsx'
import { FacilityDetails } from './facility-details.tsx'

export interface DetailsPanelProps {
  categories: readonly CategoryRow[]
  communities: readonly CommunityRow[] | undefined
  facilities: readonly FacilityRow[] | undefined
  /** More about a selected community, from another workspace (the planner's coverage figures). */
  communityExtra?: (communityId: string) => ReactNode
  /** The resident's chosen point and pace, for distances on the facility card. */
  from?: [number, number] | null
  pace?: Pace | null
  now?: Date
  feedback?: boolean
  /** Shown when nothing is selected; the default is a hint. */
  empty?: ReactNode
}

export function DetailsPanel({
  categories,
  communities,
  facilities,
  communityExtra,
  from = null,
  pace = null,
  now,
  feedback = false,
  empty,
}: DetailsPanelProps) {
  const { t } = useTranslation()
  const selection = useMapStore((s) => s.selection)
  const select = useMapStore((s) => s.select)
  const section = useRef<HTMLElement>(null)
  // What a click on the map opens comes into view, at the top of the panel (or the sheet).
  useEffect(() => {
    if (selection) section.current?.scrollIntoView({ block: 'start', behavior: 'auto' })
  }, [selection?.kind, selection?.id])
  if (!selection)
    return empty === undefined ? <p className="muted hint">{t('panel.hint')}</p> : <>{empty}</>

  const community =
    selection.kind === 'community' ? communities?.find((c) => c.id === selection.id) : undefined
  return (
    <section
      ref={section}
      className="details-panel"
      aria-live="polite"
      aria-label={t('panel.title')}
    >
      <button
        type="button"
        className="close-button"
        onClick={() => select(null)}
        aria-label={t('panel.close')}
      >
        ×
      </button>
      {selection.kind === 'facility' ? (
        <FacilityDetails
          key={selection.id}
          id={selection.id}
          listed={facilities?.find((f) => f.id === selection.id)}
          categories={categories}
          communities={communities}
          from={from}
          pace={pace}
          {...(now ? { now } : {})}
          feedback={feedback}
        />
      ) : community ? (
        <CommunityDetails community={community} categories={categories}>
          {communityExtra?.(community.id)}
        </CommunityDetails>
      ) : null}
    </section>
  )
}
