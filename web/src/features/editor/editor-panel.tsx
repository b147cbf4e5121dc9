import { useTranslation } from 'react-i18next'
import { categoryName } from '../../components/category-name.ts'
import type { Session } from '../../data/db.ts'
import type { CategoryRow, CommunityRow, FacilityRow } from '../../data/row-schemas.ts'
import { useVerifyFacility } from './api/verify-facility.ts'

export interface EditorPanelProps {
  session: Session | null
  categories: readonly CategoryRow[]
  communities: readonly CommunityRow[] | undefined
  facilities: readonly FacilityRow[] | undefined
  selectedId: string | null
  onSelect: (id: string) => void
}

/**
 * The community worker's workspace: the facilities of the communities assigned to them, each
 * with when it was last verified and "still correct" in one click.
 */
export function EditorPanel({
  session,
  categories,
  communities,
  facilities,
  selectedId,
  onSelect,
}: EditorPanelProps) {
  const { t, i18n } = useTranslation()
  const verify = useVerifyFacility()
  if (!session || (session.role !== 'worker' && session.role !== 'admin')) {
    return (
      <section className="editor-signin" data-testid="editor-signin">
        <h2>{t('editor.title')}</h2>
        <p>{t('editor.signInHint')}</p>
      </section>
    )
  }
  const mine = new Set(session.communities)
  const own = (facilities ?? []).filter(
    (f) => session.role === 'admin' || (f.community_id != null && mine.has(f.community_id)),
  )
  const communityName = new Map((communities ?? []).map((c) => [c.id, c.name]))
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' })
  return (
    <section className="editor-list" data-testid="editor-list" aria-labelledby="editor-title">
      <h2 id="editor-title">{t('editor.title')}</h2>
      <p className="muted">
        {t('editor.communities', {
          names: session.communities
            .map((id) => communityName.get(id) ?? id)
            .join(t('editor.listSeparator')),
          count: own.length,
        })}
      </p>
      <ul className="editor-facilities">
        {own.map((f) => {
          const category = categories.find((c) => c.code === f.category)
          return (
            <li key={f.id} aria-current={f.id === selectedId ? 'true' : undefined}>
              <button type="button" className="link-button" onClick={() => onSelect(f.id)}>
                <span className="swatch" style={{ background: category?.color }} aria-hidden />
                {f.name}
              </button>
              <small>
                {category ? categoryName(category, i18n.language) : f.category} ·{' '}
                {f.verified_at
                  ? t('editor.verifiedOn', { date: date.format(new Date(f.verified_at)) })
                  : t('editor.neverVerified')}
              </small>
              <button
                type="button"
                data-testid={`verify-${f.id}`}
                disabled={verify.isPending || f.version == null}
                onClick={() =>
                  f.version != null &&
                  verify.mutate({ facilityId: f.id, expectedVersion: f.version })
                }
              >
                {t('editor.stillCorrect')}
              </button>
            </li>
          )
        })}
      </ul>
      {verify.error && (
        <p role="alert" className="form-error">
          {verify.error.message}
        </p>
      )}
    </section>
  )
}
