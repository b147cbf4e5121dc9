import { EDITABLE_FIELDS, sameValue } from './facility-values.ts'
import type { EditableField, FacilityValues } from './facility-values.ts'

/**
 * One field in a three-way comparison: what the form was opened with (`base`), what the
 * worker typed (`mine`) and what is stored now (`theirs`).
 * - `mine`: only the worker changed it;
 * - `theirs`: only someone else changed it;
 * - `same`: both changed it to the same value;
 * - `conflict`: both changed it, differently.
 */
export interface FieldDiff {
  field: EditableField
  base: unknown
  mine: unknown
  theirs: unknown
  kind: 'mine' | 'theirs' | 'same' | 'conflict'
}

export type MergeChoice = 'mine' | 'theirs'
export type MergeChoices = Partial<Record<EditableField, MergeChoice>>

/**
 * The fields that differ between base, mine and theirs, in form order. A null base (a draft
 * restored without the values it started from) treats every difference as a conflict.
 */
export function diffThreeWay(
  base: FacilityValues | null,
  mine: FacilityValues,
  theirs: FacilityValues,
): FieldDiff[] {
  const out: FieldDiff[] = []
  for (const field of EDITABLE_FIELDS) {
    const m = mine[field]
    const t = theirs[field]
    const b = base ? base[field] : undefined
    const mineChanged = base ? !sameValue(field, b, m) : !sameValue(field, m, t)
    const theirsChanged = base ? !sameValue(field, b, t) : !sameValue(field, m, t)
    if (!mineChanged && !theirsChanged) continue
    const kind: FieldDiff['kind'] =
      mineChanged && theirsChanged
        ? sameValue(field, m, t)
          ? 'same'
          : 'conflict'
        : mineChanged
          ? 'mine'
          : 'theirs'
    out.push({ field, base: b, mine: m, theirs: t, kind })
  }
  return out
}

/**
 * The choice nobody has to think about: a field only one side changed keeps that side's value;
 * a real conflict keeps what the worker typed until they pick otherwise.
 */
export function defaultChoices(diffs: readonly FieldDiff[]): MergeChoices {
  const choices: MergeChoices = {}
  for (const d of diffs) choices[d.field] = d.kind === 'theirs' ? 'theirs' : 'mine'
  return choices
}

/** Every differing field set to one side: "keep mine" / "take theirs". */
export function allChoices(diffs: readonly FieldDiff[], side: MergeChoice): MergeChoices {
  return Object.fromEntries(diffs.map((d) => [d.field, side])) as MergeChoices
}

/**
 * The values to save: the stored record (`theirs`) with the worker's value on every field they
 * chose to keep. Fields nobody changed are the same on both sides.
 */
export function mergeValues(
  mine: FacilityValues,
  theirs: FacilityValues,
  choices: MergeChoices,
): FacilityValues {
  const out = { ...theirs }
  for (const field of EDITABLE_FIELDS) {
    if (choices[field] === 'mine') (out as Record<string, unknown>)[field] = mine[field]
  }
  return out
}
