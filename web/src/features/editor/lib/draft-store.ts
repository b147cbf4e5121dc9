import { z } from 'zod'
import { facilityValuesSchema } from './facility-values.ts'
import type { FacilityValues } from './facility-values.ts'

/**
 * What a worker typed and has not saved yet, kept per facility in the browser's storage so a
 * dropped connection, a closed tab or a reload in the middle of a save loses nothing. Cleared
 * only after the database has confirmed the save.
 */
export interface Draft {
  /** The facility's id, or `new` for one not stored yet. */
  facilityId: string
  /** The version the form was opened at (the save's expected_version); null for a new one. */
  baseVersion: number | null
  /** The values the form was opened with, for the three-way merge on a conflict. */
  base: FacilityValues | null
  values: FacilityValues
  /** Why (stored in the audit), as typed. */
  reason: string
  /** ISO time of the last keystroke kept. */
  savedAt: string
}

const draftSchema = z.object({
  facilityId: z.string().min(1),
  baseVersion: z.number().int().nullable(),
  base: facilityValuesSchema.nullable(),
  values: facilityValuesSchema,
  reason: z.string(),
  savedAt: z.string(),
})

export type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key'> & {
  readonly length: number
}

const PREFIX = 'lifecircle.editor.draft.'

/** The storage key of a facility's draft (`new` for a facility not stored yet). */
export const draftKey = (facilityId: string) => `${PREFIX}${facilityId}`

export interface DraftStore {
  load(facilityId: string): Draft | null
  /** Keeps the draft; false when it could not be kept (storage full, a value of the wrong kind). */
  save(draft: Draft): boolean
  clear(facilityId: string): void
  /** Every kept draft, newest first. */
  list(): Draft[]
}

/**
 * Drafts in a Web Storage (localStorage in the app). A draft that cannot be read back (another
 * version's shape, a hand-edited value) is ignored, never thrown; a full storage leaves the
 * form as it is and `save` answers false.
 */
export function createDraftStore(storage: DraftStorage): DraftStore {
  const read = (key: string): Draft | null => {
    const raw = storage.getItem(key)
    if (raw === null) return null
    try {
      const parsed = draftSchema.safeParse(JSON.parse(raw))
      return parsed.success ? parsed.data : null
    } catch {
      return null
    }
  }
  return {
    load: (facilityId) => read(draftKey(facilityId)),
    save(draft) {
      const checked = draftSchema.safeParse(draft)
      if (!checked.success) return false
      try {
        storage.setItem(draftKey(draft.facilityId), JSON.stringify(checked.data))
        return true
      } catch (error) {
        // Quota exceeded: the form still holds the values; nothing else to do here.
        if (!(error instanceof DOMException)) throw error
        return false
      }
    },
    clear: (facilityId) => storage.removeItem(draftKey(facilityId)),
    list() {
      const out: Draft[] = []
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i)
        if (key?.startsWith(PREFIX)) {
          const d = read(key)
          if (d) out.push(d)
        }
      }
      return out.sort((a, b) => b.savedAt.localeCompare(a.savedAt))
    },
  }
}
