import i18next from 'i18next'
import { useEffect } from 'react'
import type { Language } from '../i18n/i18n.ts'
import { usePreferencesStore } from '../state/preferences-store.ts'

/** The class on <html> that switches the stylesheet to 适老化 (elder-friendly) sizes and contrast. */
export const ELDER_CLASS = 'elder'

export function applyDocumentPreferences({
  language,
  elderMode,
}: {
  language: Language
  elderMode: boolean
}): void {
  const html = document.documentElement
  html.lang = language
  html.classList.toggle(ELDER_CLASS, elderMode)
}

/** Keeps i18next, <html lang>, the elder class and the title in step with the stored preferences. */
export function useDocumentPreferences(): void {
  const language = usePreferencesStore((s) => s.language)
  const elderMode = usePreferencesStore((s) => s.elderMode)
  useEffect(() => {
    let current = true
    void i18next.changeLanguage(language).then(() => {
      if (current) applyDocumentPreferences({ language, elderMode })
    })
    return () => {
      current = false
    }
  }, [language, elderMode])
}
