import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import type { CommunityRow } from '../../data/row-schemas.ts'
import { useMapStore } from '../../state/map-store.ts'
import { boundsOfAreas } from '../../core/geo/bbox.ts'

/** A keyboard route to every community: the map itself can only be clicked. */
export function CommunityPicker({ communities }: { communities: readonly CommunityRow[] }) {
  const { t, i18n } = useTranslation()
  const id = useId()
  const selection = useMapStore((s) => s.selection)
  const select = useMapStore((s) => s.select)
  const focusOn = useMapStore((s) => s.focusOn)
  const sorted = [...communities].sort((a, b) => a.name.localeCompare(b.name, i18n.language))
  const value = selection?.kind === 'community' ? selection.id : ''

  return (
    <div className="field">
      <label htmlFor={id}>{t('panel.pickCommunity')}</label>
      <select
        id={id}
        value={value}
        data-testid="community-picker"
        onChange={(e) => {
          const community = communities.find((c) => c.id === e.currentTarget.value)
          select(community ? { kind: 'community', id: community.id } : null)
          if (community) focusOn(boundsOfAreas([community.boundary]))
        }}
      >
        <option value="">{t('panel.pickCommunityNone')}</option>
        {sorted.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
    </div>
  )
}
