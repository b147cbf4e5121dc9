import i18next, { type i18n } from 'i18next'
import { initReactI18next } from 'react-i18next'
import en from './en.json'
import zhCN from './zh-CN.json'

export const languages = ['zh-CN', 'en'] as const
export type Language = (typeof languages)[number]

/** Chinese first: residents must never meet an English-only screen. */
export const defaultLanguage: Language = 'zh-CN'

/** The name of each language written in that language, for the switch. */
export const languageNames: Record<Language, string> = { 'zh-CN': '中文', en: 'English' }

export const resources = {
  'zh-CN': { translation: zhCN },
  en: { translation: en },
} as const

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value)
}

/** Initialises the shared i18next instance once; later calls only change the language. */
export async function initI18n(language: Language): Promise<i18n> {
  if (i18next.isInitialized) {
    await i18next.changeLanguage(language)
    return i18next
  }
  await i18next.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: defaultLanguage,
    // React escapes text itself; escaping twice would show &amp; in names.
    interpolation: { escapeValue: false },
    returnNull: false,
  })
  return i18next
}
