import { create } from 'zustand'
import { createJSONStorage, persist } from 'zustand/middleware'
import { defaultLanguage, isLanguage, type Language } from '../i18n/i18n.ts'

export interface PreferencesState {
  language: Language
  /** 适老化: larger text, higher contrast, bigger touch targets. */
  elderMode: boolean
  setLanguage(language: Language): void
  setElderMode(on: boolean): void
}

export const PREFERENCES_STORAGE_KEY = 'lifecircle.preferences'

const initialPreferences = { language: defaultLanguage, elderMode: false }

export const usePreferencesStore = create<PreferencesState>()(
  persist(
    (set) => ({
      ...initialPreferences,
      setLanguage: (language) => set({ language }),
      setElderMode: (elderMode) => set({ elderMode }),
    }),
    {
      name: PREFERENCES_STORAGE_KEY,
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: ({ language, elderMode }) => ({ language, elderMode }),
      // A hand-edited or stale entry must not put the app in a language it has no messages for.
      merge: (persisted, current) => {
        const p = (persisted ?? {}) as Partial<PreferencesState>
        return {
          ...current,
          language: isLanguage(p.language) ? p.language : current.language,
          elderMode: typeof p.elderMode === 'boolean' ? p.elderMode : current.elderMode,
        }
      },
    },
  ),
)

/** For tests: back to the defaults. */
export function resetPreferencesStore(): void {
  usePreferencesStore.setState(initialPreferences)
}
