import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { CategoryRow, CommunityRow, FacilityRow } from '../../../data/row-schemas.ts'
import { useVerifyFacility } from '../api/verify-facility.ts'
import { facilityFlags } from '../lib/facility-flags.ts'
import type { FlagCommunity } from '../lib/facility-flags.ts'
import { valuesFromRow } from '../lib/facility-values.ts'
import { rankForVerification } from '../lib/verify-queue.ts'
import { FlagList } from './flag-list.tsx'

/** "To verify": oldest and least complete first, "still correct" in one click, flags explained. */
export function VerifyQueue({
  facilities,
  allFacilities,
  categories,
  communities,
  onSelect,
}: {
  facilities: readonly FacilityRow[]
  allFacilities: readonly FacilityRow[]
  categories: readonly CategoryRow[]
  communities: readonly CommunityRow[]
  onSelect: (id: string) => void
}) {
  const { t, i18n } = useTranslation()
  const verify = useVerifyFacility()
  const ranked = useMemo(() => {
    const hasCapacity = new Map(
      categories.map((c) => [c.code, (c.capacity_unit ?? 'none') !== 'none']),
    )
    return rankForVerification(
      facilities.map((f) => ({
        ...valuesFromRow(f),
        id: f.id,
        row: f,
        verifiedAt: f.verified_at ?? null,
        hasCapacity: hasCapacity.get(f.category) ?? false,
      })),
      new Date(),
    )
  }, [facilities, categories])
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' })
  const shown = ranked.slice(0, 100)
  return (
    <div className="verify-queue">
      <p className="muted">{t('editor.queue.explain', { count: ranked.length })}</p>
      <ol className="editor-facilities" data-testid="verify-queue">
        {shown.map(({ item, ageDays, completeness }) => {
          const flags = facilityFlags(
            { ...item, address: item.address, hours: item.hours },
            item.id,
            communities as unknown as FlagCommunity[],
            allFacilities,
          )
          return (
            <li key={item.id} data-facility={item.id}>
              <button type="button" className="link-button" onClick={() => onSelect(item.id)}>
                {item.name}
              </button>
              <small>
                {item.row.verified_at
                  ? t('editor.queue.age', {
                      date: date.format(new Date(item.row.verified_at)),
                      days: Math.floor(ageDays ?? 0),
                    })
                  : t('editor.neverVerified')}{' '}
                · {t('editor.completeness', { percent: Math.round(completeness * 100) })}
              </small>
              <FlagList flags={flags} />
              <button
                type="button"
                data-testid={`queue-verify-${item.id}`}
                disabled={verify.isPending || item.row.version == null}
                onClick={() =>
                  item.row.version != null &&
                  verify.mutate({ facilityId: item.id, expectedVersion: item.row.version })
                }
              >
                {t('editor.stillCorrect')}
              </button>
            </li>
          )
        })}
      </ol>
      {verify.error && (
        <p role="alert" className="form-error">
          {verify.error.message}
        </p>
      )}
    </div>
  )
}
