import { useTranslation } from 'react-i18next'
import type { CommunityRow } from '../../../data/row-schemas.ts'
import { useAssignCommunity, usePeople, useSetUserRole } from '../api/people.ts'
import { BackupPanel } from './backup-panel.tsx'

const ROLES = ['resident', 'worker', 'planner', 'admin'] as const

/** Admins: each user's role, and which communities a worker may edit. */
export function PeopleTab({ communities }: { communities: readonly CommunityRow[] }) {
  const { t } = useTranslation()
  const people = usePeople(true)
  const setRole = useSetUserRole()
  const assign = useAssignCommunity()
  const names = new Map(communities.map((c) => [c.id, c.name]))
  const error = setRole.error ?? assign.error
  return (
    <div className="people-tab">
      {people.isPending && <p className="muted">{t('editor.loading')}</p>}
      {people.error && <p className="form-error">{people.error.message}</p>}
      {error && (
        <p className="form-error" role="alert">
          {error.message}
        </p>
      )}
      <BackupPanel />
      <ul className="people-list" data-testid="people-list">
        {people.data?.map((p) => (
          <li key={p.user_id} className="card" data-user={p.email ?? p.user_id}>
            <div className="person-head">
              <strong>{p.display_name ?? p.email}</strong>
              <small className="muted">{p.email}</small>
            </div>
            <label>
              {t('editor.people.role')}{' '}
              <select
                value={p.role}
                disabled={setRole.isPending}
                onChange={(e) =>
                  setRole.mutate({
                    userId: p.user_id,
                    role: e.currentTarget.value as (typeof ROLES)[number],
                  })
                }
                data-testid={`role-${p.email}`}
              >
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {t(`roles.${r}`)}
                  </option>
                ))}
              </select>
            </label>
            {p.role === 'worker' && (
              <details>
                <summary>
                  {t('editor.people.communities', {
                    names:
                      p.communities
                        .map((id) => names.get(id) ?? id)
                        .join(t('editor.listSeparator')) || '—',
                  })}
                </summary>
                <div className="community-checks">
                  {communities.map((c) => (
                    <label key={c.id}>
                      <input
                        type="checkbox"
                        checked={p.communities.includes(c.id)}
                        disabled={assign.isPending}
                        onChange={(e) =>
                          assign.mutate({
                            userId: p.user_id,
                            communityId: c.id,
                            assigned: e.currentTarget.checked,
                          })
                        }
                      />
                      {c.name}
                    </label>
                  ))}
                </div>
              </details>
            )}
          </li>
        ))}
      </ul>
    </div>
  )
}
