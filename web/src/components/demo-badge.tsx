import { useTranslation } from 'react-i18next'

/** Generated data must never pass for real records: the badge stays on screen with the map. */
export function DemoBadge({ label }: { label: string | undefined }) {
  const { t } = useTranslation()
  return (
    <div className="demo-badge" role="note" title={t('demo.badgeTitle')} data-testid="demo-badge">
      {label ?? t('demo.badge')}
    </div>
  )
}
