import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/app.tsx'
import { applyDocumentPreferences } from './app/document-preferences.ts'
import { createDbOpener } from './app/open-db.ts'
import { createDb } from './data/create-db.ts'
import { initI18n } from './i18n/i18n.ts'
import { usePreferencesStore } from './state/preferences-store.ts'
import './styles/app.css'

// Opening the database takes longest, so it starts first, alongside everything below.
const opener = createDbOpener(createDb)
opener.start()

const preferences = usePreferencesStore.getState()
// Before the first render, so the first screen is already in the right language and size.
await initI18n(preferences.language)
applyDocumentPreferences(preferences)

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <App opener={opener} />
  </StrictMode>,
)
