import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { languageNames, languages } from '../i18n/i18n.ts'
import { usePreferencesStore } from '../state/preferences-store.ts'

export function Header({ children, nav }: { children?: ReactNode; nav?: ReactNode }) {
  const { t } = useTranslation()
  const language = usePreferencesStore((s) => s.language)
  const setLanguage = usePreferencesStore((s) => s.setLanguage)
  const elderMode = usePreferencesStore((s) => s.elderMode)
  const setElderMode = usePreferencesStore((s) => s.setElderMode)

  return (
    <header className="app-header">
      <a className="skip-link" href="#side-panel">
        {t('app.skipToPanel')}
      </a>
      <div className="brand">
        <span className="brand-title">{t('app.title')}</span>
        <span className="brand-subtitle">{t('app.subtitle')}</span>
      </div>
      {nav}
      <div className="header-controls">
        <div className="segmented" role="group" aria-label={t('settings.language')}>
          {languages.map((lang) => (
            <button
              key={lang}
              type="button"
              lang={lang}
              data-lang={lang}
              aria-pressed={language === lang}
              onClick={() => setLanguage(lang)}
            >
              {languageNames[lang]}
            </button>
          ))}
        </div>
        <button
          type="button"
          className="toggle"
          aria-pressed={elderMode}
          title={t('settings.elderModeHint')}
          data-testid="elder-toggle"
          onClick={() => setElderMode(!elderMode)}
        >
          {t('settings.elderMode')}
        </button>
        {children}
      </div>
    </header>
  )
}
