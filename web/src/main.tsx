import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/app.tsx'
import { applyDocumentPreferences } from './app/document-preferences.ts'
import { createDbOpener } from './app/open-db.ts'
import { createDb, dbKindFor, type DbEnv } from './data/create-db.ts'
import { createDeferredDb } from './data/deferred-db.ts'
import { keepEarlyAnswers, loadEarlyAnswers } from './data/early-answers-load.ts'
import { facilitiesFirstDrawn } from './map/first-draw.ts'
import { initI18n } from './i18n/i18n.ts'
import { usePreferencesStore } from './state/preferences-store.ts'
import './styles/app.css'

/** With early answers, the database opens after the map's first drawing or after this long. */
const OPEN_DB_AT_THE_LATEST_MS = 4000

// The map does not wait for the database (data/deferred-db.ts): it starts from the early
// answers when there are some, and the database opens once the map has drawn them — on a
// first visit opening it (its WebAssembly, the image, IndexedDB) would take the processor
// from the map. Without early answers the map needs the database, so it opens at once.
const opener = createDbOpener(createDb, { startOnSubscribe: false })
const kind = dbKindFor(import.meta.env as DbEnv)
const early = kind === 'local' ? loadEarlyAnswers() : Promise.resolve(null)
void early
  .then((found) => (found ? facilitiesFirstDrawn(OPEN_DB_AT_THE_LATEST_MS) : undefined))
  .finally(opener.start)
const db = createDeferredDb({
  kind,
  opening: opener.opened,
  early: early.then((found) => found?.answers ?? null),
})
void Promise.all([opener.opened, early]).then(
  ([real, found]) =>
    keepEarlyAnswers(real, found?.from === 'build' ? { firstVisit: found.answers } : {}),
  () => undefined,
)

const preferences = usePreferencesStore.getState()
// Before the first render, so the first screen is already in the right language and size.
await initI18n(preferences.language)
applyDocumentPreferences(preferences)

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <App opener={opener} db={db} />
  </StrictMode>,
)
