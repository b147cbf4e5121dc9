import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useDb } from '../data/db-provider.tsx'
import { useSession } from '../data/use-session.ts'
import { demoUsers } from './demo-users.ts'

/**
 * Local mode: act as one of the demo users or as an anonymous visitor, to see what each role
 * may see and do. A hosted database signs in with a password instead (a later issue).
 */
export function IdentityMenu() {
  const { t } = useTranslation()
  const db = useDb()
  const id = useId()
  const { data: session } = useSession()
  const [failure, setFailure] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const role = session?.role ?? 'anon'

  const change = async (email: string) => {
    setBusy(true)
    setFailure(null)
    try {
      if (email) await db.auth.signIn(email)
      else await db.auth.signOut()
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="identity">
      {db.kind === 'local' && (
        <>
          <label htmlFor={id} className="identity-label">
            {t('identity.label')}
          </label>
          <select
            id={id}
            value={session?.email ?? ''}
            disabled={busy}
            title={t('identity.localOnly')}
            data-testid="identity-select"
            onChange={(e) => void change(e.currentTarget.value)}
          >
            <option value="">{t('identity.anonymous')}</option>
            {demoUsers.map((email) => (
              <option key={email} value={email}>
                {email}
              </option>
            ))}
          </select>
        </>
      )}
      <span
        className={`role-badge role-${role}`}
        data-testid="current-role"
        data-role={role}
        data-email={session?.email ?? ''}
      >
        <span className="role-prefix">{t('identity.currentRolePrefix')}</span>
        {t(`roles.${role}`)}
      </span>
      {failure && (
        <span className="identity-error" role="alert">
          {t('identity.signInFailed', { message: failure })}
        </span>
      )}
    </div>
  )
}
