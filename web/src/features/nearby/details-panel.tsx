import type { ReactNode } from 'react'
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
}

export function DetailsPanel({
  categories,
  communities,
  facilities,
  communityExtra,
}: DetailsPanelProps) {
  const { t } = useTranslation()
  const selection = useMapStore((s) => s.selection)
  const select = useMapStore((s) => s.select)
  if (!selection) return <p className="muted hint">{t('panel.hint')}</p>

  const community =
    selection.kind === 'community' ? communities?.find((c) => c.id === selection.id) : undefined
  return (
    <section className="details-panel" aria-live="polite" aria-label={t('panel.title')}>
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
        />
      ) : community ? (
        <CommunityDetails community={community} categories={categories}>
          {communityExtra?.(community.id)}
        </CommunityDetails>
      ) : null}
    </section>
  )
}
