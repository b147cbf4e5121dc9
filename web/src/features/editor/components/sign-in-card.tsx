import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useDb } from '../../../data/db-provider.tsx'
import { sessionKeys } from '../../../data/keys.ts'

export interface DemoAccount {
  email: string
  role: 'resident' | 'worker' | 'planner' | 'admin'
}

/**
 * Sign in. On the embedded default: one button per seeded demo account, clearly labelled as
 * demo (no password: anyone may act as anyone, in this browser only). With hosted Supabase:
 * email + password, or a one-time link by email.
 */
export function SignInCard({
  demoAccounts,
  currentRole,
}: {
  demoAccounts: readonly DemoAccount[]
  currentRole: string | null
}) {
  const { t } = useTranslation()
  const db = useDb()
  const queryClient = useQueryClient()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null)

  const run = async (work: () => Promise<unknown>, ok?: string) => {
    setBusy(true)
    setMessage(null)
    try {
      await work()
      await queryClient.invalidateQueries({ queryKey: sessionKeys.all })
      if (ok) setMessage({ kind: 'ok', text: ok })
    } catch (error) {
      setMessage({
        kind: 'error',
        text: t('editor.signIn.failed', {
          message: error instanceof Error ? error.message : String(error),
        }),
      })
    } finally {
      setBusy(false)
    }
  }

  return (
    <section
      className="editor-signin card"
      data-testid="editor-signin"
      aria-labelledby="signin-title"
    >
      <h2 id="signin-title">{t('editor.title')}</h2>
      {currentRole && currentRole !== 'anon' && (
        <p className="notice">
          {t('editor.signIn.notWorker', { role: t(`roles.${currentRole}`) })}
        </p>
      )}
      {db.kind === 'local' ? (
        <>
          <h3>{t('editor.signIn.demoTitle')}</h3>
          <p className="muted">{t('editor.signIn.demoExplain')}</p>
          <ul className="demo-accounts">
            {demoAccounts.map((a) => (
              <li key={a.email}>
                <button
                  type="button"
                  disabled={busy}
                  data-testid={`demo-signin-${a.email}`}
                  onClick={() => void run(() => db.auth.signIn(a.email))}
                >
                  <span className="demo-role">{t(`roles.${a.role}`)}</span>
                  <span className="demo-email">{a.email}</span>
                  <small className="muted">{t(`editor.signIn.demoCan.${a.role}`)}</small>
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <form
          className="signin-form"
          onSubmit={(e) => {
            e.preventDefault()
            void run(() => db.auth.signIn(email.trim(), password))
          }}
        >
          <label htmlFor="signin-email">{t('editor.signIn.email')}</label>
          <input
            id="signin-email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          <label htmlFor="signin-password">{t('editor.signIn.password')}</label>
          <input
            id="signin-password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <div className="row-actions">
            <button type="submit" className="primary" disabled={busy || !email || !password}>
              {t('editor.signIn.submit')}
            </button>
            {db.auth.sendMagicLink && (
              <button
                type="button"
                disabled={busy || !email}
                onClick={() =>
                  void run(
                    () => db.auth.sendMagicLink!(email.trim(), window.location.href),
                    t('editor.signIn.linkSent', { email: email.trim() }),
                  )
                }
              >
                {t('editor.signIn.magicLink')}
              </button>
            )}
          </div>
        </form>
      )}
      {message && (
        <p
          className={message.kind === 'error' ? 'form-error' : 'notice success'}
          role={message.kind === 'error' ? 'alert' : 'status'}
        >
          {message.text}
        </p>
      )}
    </section>
  )
}
