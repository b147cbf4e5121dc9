import { useTranslation } from 'react-i18next'
import type { FacilityFlag } from '../lib/facility-flags.ts'

/** Explained warnings; they inform and never block a save. */
export function FlagList({ flags }: { flags: readonly FacilityFlag[] }) {
  const { t } = useTranslation()
  if (flags.length === 0) return null
  return (
    <ul className="flag-list" data-testid="flag-list">
      {flags.map((f) => (
        <li key={f.code} data-flag={f.code}>
          <strong>{t(`editor.flags.${f.code}.title`)}</strong>{' '}
          {f.code === 'far_from_community' &&
            t('editor.flags.far_from_community.explain', {
              community: f.community,
              distance: f.distanceM,
            })}
          {f.code === 'hours_unparseable' &&
            t('editor.flags.hours_unparseable.explain', { error: f.error })}
          {f.code === 'duplicate_suspected' &&
            t('editor.flags.duplicate_suspected.explain', { name: f.otherName })}
        </li>
      ))}
    </ul>
  )
}
