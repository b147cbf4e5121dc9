/**
 * A `Db` the app can use from its first frame, while the real one opens (the embedded database
 * takes seconds: its WebAssembly, the image on a first visit, IndexedDB). Calls wait for the
 * real database, except the public reads that have an early answer (early-answers.ts): those
 * are answered at once, so the map, its facilities and the coverage figures appear while the
 * database is still opening. Subscriptions made early are carried over to the real database.
 *
 * Whoever renders the app refetches every query once `opened` resolves (app.tsx), so early
 * answers last only until the database can give its own.
 */
import type { ChangeEvent, Db, DbAuth, Session } from './db.ts'
import { answerEarly, type PublicAnswers } from './early-answers.ts'

export interface DeferredDb extends Db {
  /** Resolves with the real database once it is open; rejects if it could not be opened. */
  readonly opened: Promise<Db>
  /** The real database when open, else null. */
  current(): Db | null
  /** Whether a call to `fn(args)` would be answered early right now (for tests and the UI). */
  answersEarly(fn: string, args?: Record<string, unknown>): boolean
}

export interface DeferredDbOptions {
  kind: Db['kind']
  opening: Promise<Db>
  /** Resolves to the early answers, or null when there are none (the calls then wait). */
  early: Promise<PublicAnswers | null>
}

export function createDeferredDb({ kind, opening, early }: DeferredDbOptions): DeferredDb {
  let real: Db | null = null
  let answers: PublicAnswers | null = null
  void early.then(
    (a) => {
      answers = a
    },
    () => undefined,
  )
  const opened = opening.then((db) => {
    real = db
    answers = null // from now on every answer is the database's own
    return db
  })
  // An unobserved rejection is reported by whoever awaits `opened` (the app shows the error).
  opened.catch(() => undefined)

  const changeListeners = new Set<(event: ChangeEvent) => void>()
  const authListeners = new Set<(session: Session | null) => void>()
  void opened.then(
    (db) => {
      db.subscribe((event) => changeListeners.forEach((l) => l(event)))
      db.auth.onChange((session) => authListeners.forEach((l) => l(session)))
    },
    () => undefined,
  )

  const auth: DbAuth = {
    session: async () => (await opened).auth.session(),
    signIn: async (email, password) => (await opened).auth.signIn(email, password),
    signOut: async () => (await opened).auth.signOut(),
    onChange(listener) {
      authListeners.add(listener)
      return () => authListeners.delete(listener)
    },
  }
  // Only hosted databases send mail (see DbAuth).
  if (kind === 'supabase') {
    auth.sendMagicLink = async (email, redirectTo) => {
      const db = await opened
      if (!db.auth.sendMagicLink) throw new Error('this database sends no sign-in links')
      return db.auth.sendMagicLink(email, redirectTo)
    }
  }

  return {
    kind,
    opened,
    current: () => real,
    answersEarly: (fn, args = {}) =>
      real === null && answers !== null && answerEarly(answers, fn, args) !== undefined,
    auth,
    async rpc<T = unknown>(fn: string, args: Record<string, unknown> = {}): Promise<T> {
      if (real) return real.rpc<T>(fn, args)
      // The early answers may still be on their way (a small IndexedDB read or file): waiting
      // for them is far shorter than waiting for the database.
      const available =
        answers ??
        (await Promise.race([early.catch(() => null), opened]).then(
          (v) => (real ? null : (v as PublicAnswers | null)),
          () => null,
        ))
      if (!real && available) {
        const rows = answerEarly(available, fn, args)
        if (rows !== undefined) return rows as T
      }
      return (await opened).rpc<T>(fn, args)
    },
    subscribe(listener) {
      changeListeners.add(listener)
      return () => changeListeners.delete(listener)
    },
  }
}
