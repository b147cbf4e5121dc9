import { createContext, useContext, type ReactNode } from 'react'
import type { Db } from './db.ts'

const DbContext = createContext<Db | null>(null)

/** Makes an opened `Db` available to every hook below it. */
export function DbProvider({ db, children }: { db: Db; children: ReactNode }) {
  return <DbContext value={db}>{children}</DbContext>
}

/** The opened database. Throws when used outside `DbProvider`: a silent null would hide a wiring bug. */
export function useDb(): Db {
  const db = useContext(DbContext)
  if (!db) throw new Error('useDb() outside <DbProvider>: the database is not open yet')
  return db
}
