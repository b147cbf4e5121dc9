import { zodResolver } from '@hookform/resolvers/zod'
import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useMemo, useRef, useState } from 'react'
import { Controller, useForm } from 'react-hook-form'
import { useTranslation } from 'react-i18next'
import { categoryName } from '../../../components/category-name.ts'
import { DbError } from '../../../data/db.ts'
import { useDb } from '../../../data/db-provider.tsx'
import type { CategoryRow, CommunityRow, FacilityRow } from '../../../data/row-schemas.ts'
import { facilityQueryOptions } from '../../../data/use-facility.ts'
import type { MapMarker } from '../../../map/overlay.ts'
import { timelineQueryOptions } from '../api/facility-timeline.ts'
import type { TimelineEntry } from '../api/facility-timeline.ts'
import { useSaveFacility } from '../api/save-facility.ts'
import { useResolveFeedback } from '../api/triage-feedback.ts'
import { useVerifyFacility } from '../api/verify-facility.ts'
import { completeness } from '../lib/completeness.ts'
import { createDraftStore } from '../lib/draft-store.ts'
import type { Draft, DraftStore } from '../lib/draft-store.ts'
import { facilityFlags } from '../lib/facility-flags.ts'
import { EDITABLE_FIELDS, round6, toSavePayload, valuesFromRow } from '../lib/facility-values.ts'
import type { FacilityValues } from '../lib/facility-values.ts'
import { facilityFormSchema } from '../lib/form-schema.ts'
import type { FacilityFormValues } from '../lib/form-schema.ts'
import { diffThreeWay } from '../lib/merge.ts'
import { ConflictPanel } from './conflict-panel.tsx'
import { FieldError } from './field-error.tsx'
import { FlagList } from './flag-list.tsx'
import { HistoryList } from './history-list.tsx'
import { HoursEditor } from './hours-editor.tsx'

/** Drafts live in this browser's localStorage; none where there is no storage. */
function browserDraftStore(): DraftStore | null {
  try {
    return typeof localStorage === 'undefined' ? null : createDraftStore(localStorage)
  } catch {
    return null
  }
}

export interface FacilityEditorProps {
  /** The facility being edited, or null for a new one at `newAt`. */
  row: FacilityRow | null
  newAt: [number, number] | null
  categories: readonly CategoryRow[]
  communities: readonly CommunityRow[]
  facilities: readonly FacilityRow[]
  /** A resident's report this edit resolves (linked to the saved change). */
  resolvingFeedbackId: string | null
  /** Whether the caller may read this facility's history (its workers, admins). */
  showHistory: boolean
  onClose: () => void
  onSaved: (row: FacilityRow) => void
  setMarkers: (markers: MapMarker[]) => void
}

const toForm = (v: FacilityValues, reason: string, openedStatus: FacilityValues['status'] | null) =>
  ({ ...v, reason, openedStatus }) as FacilityFormValues

const fromForm = (f: FacilityFormValues): FacilityValues => {
  const out = {} as Record<string, unknown>
  for (const k of EDITABLE_FIELDS) out[k] = f[k]
  return out as FacilityValues
}

interface Conflict {
  theirs: FacilityValues
  theirsVersion: number
  since: TimelineEntry[]
}

/**
 * The edit form for one facility (or a new one): validated as typed, kept as a draft in the
 * browser until the database confirms the save, never overwriting a newer version silently.
 */
export function FacilityEditor(props: FacilityEditorProps) {
  const { row, newAt, categories, communities, facilities, resolvingFeedbackId } = props
  const { t, i18n } = useTranslation()
  const db = useDb()
  const queryClient = useQueryClient()
  const drafts = useMemo(browserDraftStore, [])
  const draftId = row?.id ?? 'new'

  // What the form was opened with: a restored draft's own base, else the stored row.
  const [opened] = useState(() => {
    const fromRow = row
      ? valuesFromRow(row)
      : {
          ...valuesFromRowless(newAt, categories[0]?.code ?? 'canteen'),
        }
    let draft: Draft | null = drafts?.load(draftId) ?? null
    if (draft && row && draft.baseVersion !== null && row.version != null) {
      // The save went through before a reload: the stored row already holds what was typed.
      const stale = row.version > draft.baseVersion
      const landed = diffThreeWay(draft.base, draft.values, fromRow).every((d) => d.kind === 'same')
      if (stale && landed) {
        drafts?.clear(draftId)
        draft = null
      }
    }
    if (draft && !row && newAt) draft = null // a new point on the map starts a new form
    return {
      base: draft ? draft.base : row ? fromRow : null,
      baseVersion: draft ? draft.baseVersion : (row?.version ?? null),
      values: draft ? draft.values : fromRow,
      reason: draft?.reason ?? '',
      restoredAt: draft?.savedAt ?? null,
    }
  })
  const [base, setBaseState] = useState(opened.base)
  const [baseVersion, setBaseVersionState] = useState<number | null>(opened.baseVersion)
  // The draft keeper reads these at once: a form reset right after a save runs it before React
  // has re-rendered with the new base, and a stale base would keep a draft of what was saved.
  const baseRef = useRef({ base: opened.base, baseVersion: opened.baseVersion })
  const setBase = (next: FacilityValues | null) => {
    baseRef.current = { ...baseRef.current, base: next }
    setBaseState(next)
  }
  const setBaseVersion = (next: number | null) => {
    baseRef.current = { ...baseRef.current, baseVersion: next }
    setBaseVersionState(next)
  }
  const [restoredAt, setRestoredAt] = useState(opened.restoredAt)
  const [conflict, setConflict] = useState<Conflict | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [failure, setFailure] = useState<string | null>(null)

  const form = useForm<FacilityFormValues>({
    resolver: zodResolver(facilityFormSchema),
    defaultValues: toForm(opened.values, opened.reason, row?.status ?? null),
    mode: 'onTouched',
  })
  const {
    register,
    control,
    handleSubmit,
    formState,
    setValue,
    setError,
    watch,
    reset,
    getValues,
  } = form
  const save = useSaveFacility()
  const verify = useVerifyFacility()
  const resolve = useResolveFeedback()

  // Keep every keystroke in the draft (a reload, a closed tab, a dropped connection lose nothing).
  useEffect(() => {
    if (!drafts) return
    const sub = watch((value) => {
      const { base, baseVersion } = baseRef.current
      const parsed = facilityFormSchema.safeParse(value)
      if (!parsed.success) {
        // Half-typed numbers and the like: keep what can be kept.
        const v = value as FacilityFormValues
        const loose = { ...getValues(), ...v }
        const ok = Number.isFinite(loose.lon) && Number.isFinite(loose.lat)
        if (!ok) return
        drafts.save({
          facilityId: draftId,
          baseVersion,
          base,
          values: fromForm({
            ...loose,
            capacity: Number.isFinite(loose.capacity as number) ? loose.capacity : null,
          }),
          reason: loose.reason ?? '',
          savedAt: new Date().toISOString(),
        })
        return
      }
      const values = fromForm(parsed.data)
      // Nothing changed from what was opened (or just saved): no draft to keep.
      if (
        base &&
        parsed.data.reason.trim() === '' &&
        diffThreeWay(base, values, base).length === 0
      ) {
        drafts.clear(draftId)
        return
      }
      drafts.save({
        facilityId: draftId,
        baseVersion,
        base,
        values,
        reason: parsed.data.reason,
        savedAt: new Date().toISOString(),
      })
    })
    return () => sub.unsubscribe()
  }, [drafts, watch, draftId, getValues])

  const lon = watch('lon')
  const lat = watch('lat')
  const category = watch('category')
  const color = categories.find((c) => c.code === category)?.color ?? '#c2410c'
  const { setMarkers } = props
  const setMarkersRef = useRef(setMarkers)
  setMarkersRef.current = setMarkers
  useEffect(() => {
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) {
      setMarkersRef.current([])
      return
    }
    setMarkersRef.current([
      {
        id: 'editor-pin',
        lngLat: [lon, lat],
        color,
        label: t('editor.form.pin'),
        draggable: true,
        onDragEnd: ([x, y]) => {
          setValue('lon', round6(x), { shouldDirty: true, shouldValidate: true })
          setValue('lat', round6(y), { shouldDirty: true, shouldValidate: true })
        },
      },
    ])
  }, [lon, lat, color, setValue, t])
  useEffect(() => () => setMarkersRef.current([]), [])

  const values = watch()
  const cat = categories.find((c) => c.code === values.category)
  const score = completeness(
    {
      hours: values.hours ?? '',
      phone: values.phone ?? '',
      address: values.address ?? '',
      operator: values.operator ?? '',
      capacity: Number.isFinite(values.capacity as number) ? values.capacity : null,
    },
    (cat?.capacity_unit ?? 'none') !== 'none',
  )
  const flags = facilityFlags(
    {
      name: values.name ?? '',
      address: values.address ?? '',
      hours: values.hours ?? '',
      category: values.category,
      lon: values.lon,
      lat: values.lat,
    },
    row?.id ?? null,
    communities,
    facilities,
  )

  const finishSave = async (saved: FacilityRow) => {
    const reasonText = getValues('reason')
    drafts?.clear(draftId)
    setConflict(null)
    setRestoredAt(null)
    const savedValues = valuesFromRow(saved)
    setBase(savedValues)
    setBaseVersion(saved.version ?? null)
    reset(toForm(savedValues, '', saved.status))
    if (resolvingFeedbackId) {
      // Link the report to the change that fixed it: the newest entry of the timeline.
      const timeline = await queryClient.fetchQuery({
        ...timelineQueryOptions(db, saved.id),
        staleTime: 0,
      })
      await resolve.mutateAsync({
        feedbackId: resolvingFeedbackId,
        changeId: timeline[0]?.change_id ?? null,
        note: reasonText || null,
      })
    }
    setNotice(t('editor.form.saved'))
    props.onSaved(saved)
  }

  const showConflict = async (id: string) => {
    const current = await queryClient.fetchQuery({ ...facilityQueryOptions(db, id), staleTime: 0 })
    if (!current) {
      setFailure(t('facility.notFound'))
      return
    }
    const timeline = await queryClient.fetchQuery({ ...timelineQueryOptions(db, id), staleTime: 0 })
    setConflict({
      theirs: valuesFromRow(current),
      theirsVersion: current.version ?? 0,
      since: timeline.filter((e) => (e.version ?? 0) > (baseVersion ?? 0)),
    })
  }

  const handleError = (error: unknown) => {
    if (error instanceof DbError && error.isConflict && row) {
      void showConflict(row.id)
      return
    }
    if (
      error instanceof DbError &&
      (error.field === 'lon' || error.field === 'lat' || /^facility\.(lon|lat)/.test(error.message))
    ) {
      setError(
        'lon',
        {
          type: 'server',
          message: t(
            error.isForbidden
              ? 'editor.errors.notYourCommunity'
              : 'editor.errors.outsideCommunities',
            {
              detail: error.message.replace(/^facility\.(lon|lat):\s*/, ''),
            },
          ),
        },
        { shouldFocus: true },
      )
      return
    }
    if (
      error instanceof DbError &&
      error.field &&
      (EDITABLE_FIELDS as readonly string[]).includes(error.field)
    ) {
      setError(
        error.field as keyof FacilityFormValues,
        { type: 'server', message: error.message },
        { shouldFocus: true },
      )
      return
    }
    if (error instanceof DbError && error.isForbidden) {
      setFailure(t('editor.errors.forbidden', { detail: error.message }))
      return
    }
    setFailure(error instanceof Error ? error.message : String(error))
  }

  const submit = (values: FacilityValues, reason: string, expectedVersion: number | null) => {
    setNotice(null)
    setFailure(null)
    save.mutate(
      {
        facility: toSavePayload(values, row?.id ?? null),
        expectedVersion,
        reason: reason.trim() || null,
      },
      {
        onSuccess: (saved) =>
          void finishSave(saved).catch((error: unknown) =>
            setFailure(error instanceof Error ? error.message : String(error)),
          ),
        onError: handleError,
      },
    )
  }

  const onSubmit = handleSubmit((f) => submit(fromForm(f), f.reason, baseVersion))

  // A refusal is shown where the worker is looking: by the buttons, scrolled into view.
  const failureRef = useRef<HTMLParagraphElement>(null)
  useEffect(() => {
    if (failure) failureRef.current?.scrollIntoView({ block: 'nearest' })
  }, [failure])

  const err = formState.errors
  const fieldName = (key: string) => t(key)
  const retrying = save.isPending && (save.failureCount > 0 || save.isPaused)

  return (
    <section
      className="facility-editor"
      aria-labelledby="facility-editor-title"
      data-testid="facility-editor"
    >
      <div className="editor-head">
        <button
          type="button"
          className="link-button"
          onClick={props.onClose}
          data-testid="editor-back"
        >
          ← {t('editor.form.back')}
        </button>
        <h2 id="facility-editor-title">{row ? row.name : t('editor.form.newTitle')}</h2>
        {row && (
          <p className="muted small">
            {t('editor.form.version', { version: baseVersion ?? '—' })} ·{' '}
            {row.verified_at
              ? t('editor.verifiedOn', {
                  date: new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' }).format(
                    new Date(row.verified_at),
                  ),
                })
              : t('editor.neverVerified')}
          </p>
        )}
      </div>
      {restoredAt && (
        <div className="notice" role="status" data-testid="draft-restored">
          {t('editor.form.restored', {
            at: new Intl.DateTimeFormat(i18n.language, {
              dateStyle: 'short',
              timeStyle: 'short',
            }).format(new Date(restoredAt)),
          })}{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => {
              drafts?.clear(draftId)
              setRestoredAt(null)
              const fresh = row ? valuesFromRow(row) : getValues()
              setBase(row ? fresh : null)
              setBaseVersion(row?.version ?? null)
              reset(toForm(row ? fresh : fromForm(getValues()), '', row?.status ?? null))
            }}
          >
            {t('editor.form.discardDraft')}
          </button>
        </div>
      )}
      {conflict && (
        <ConflictPanel
          base={base}
          mine={fromForm(getValues())}
          theirs={conflict.theirs}
          since={conflict.since}
          busy={save.isPending}
          onResolve={(merged, how) => {
            setBase(conflict.theirs)
            setBaseVersion(conflict.theirsVersion)
            if (how === 'theirs') {
              drafts?.clear(draftId)
              setConflict(null)
              reset(toForm(merged, '', merged.status))
              return
            }
            reset(toForm(merged, getValues('reason'), conflict.theirs.status))
            submit(merged, getValues('reason'), conflict.theirsVersion)
          }}
        />
      )}
      <form onSubmit={(e) => void onSubmit(e)} noValidate className="facility-form">
        <label htmlFor="f-name">{t('editor.fields.name')}</label>
        <input
          id="f-name"
          {...register('name')}
          aria-invalid={!!err.name || undefined}
          aria-describedby="f-name-error"
          data-testid="field-name"
        />
        <FieldError
          id="f-name-error"
          message={err.name?.message}
          field={fieldName('editor.fields.name')}
        />

        <div className="form-row">
          <div>
            <label htmlFor="f-category">{t('facility.category')}</label>
            <select id="f-category" {...register('category')} data-testid="field-category">
              {categories.map((c) => (
                <option key={c.code} value={c.code}>
                  {categoryName(c, i18n.language)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="f-status">{t('facility.status')}</label>
            <select id="f-status" {...register('status')} data-testid="field-status">
              {(['open', 'closed', 'planned'] as const).map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </select>
          </div>
        </div>

        <label htmlFor="f-address">{t('facility.address')}</label>
        <input
          id="f-address"
          {...register('address')}
          aria-describedby="f-address-error"
          data-testid="field-address"
        />
        <FieldError
          id="f-address-error"
          message={err.address?.message}
          field={fieldName('facility.address')}
        />

        <fieldset className="position-field" aria-describedby="f-position-error">
          <legend>{t('editor.fields.position')}</legend>
          <p className="muted small">{t('editor.form.positionHint')}</p>
          <div className="form-row">
            <div>
              <label htmlFor="f-lon">{t('editor.fields.lon')}</label>
              <input
                id="f-lon"
                type="number"
                step="0.000001"
                inputMode="decimal"
                {...register('lon', { valueAsNumber: true })}
                aria-invalid={!!err.lon || undefined}
                data-testid="field-lon"
              />
            </div>
            <div>
              <label htmlFor="f-lat">{t('editor.fields.lat')}</label>
              <input
                id="f-lat"
                type="number"
                step="0.000001"
                inputMode="decimal"
                {...register('lat', { valueAsNumber: true })}
                aria-invalid={!!err.lat || undefined}
                data-testid="field-lat"
              />
            </div>
          </div>
          <FieldError
            id="f-position-error"
            message={err.lon?.message ?? err.lat?.message}
            field={fieldName(err.lon ? 'editor.fields.lon' : 'editor.fields.lat')}
          />
        </fieldset>

        <div className="form-row">
          <div>
            <label htmlFor="f-capacity">
              {t('facility.capacity')}
              {cat?.capacity_unit && cat.capacity_unit !== 'none'
                ? ` (${t(`editor.units.${cat.capacity_unit}`)})`
                : ''}
            </label>
            <input
              id="f-capacity"
              type="number"
              min={0}
              step={1}
              inputMode="numeric"
              {...register('capacity', {
                setValueAs: (v: unknown) =>
                  v === '' || v === null || v === undefined ? null : Number(v),
              })}
              aria-describedby="f-capacity-error"
              data-testid="field-capacity"
            />
            <FieldError
              id="f-capacity-error"
              message={err.capacity?.message}
              field={fieldName('facility.capacity')}
            />
          </div>
          <div>
            <label htmlFor="f-phone">{t('facility.phone')}</label>
            <input
              id="f-phone"
              type="tel"
              {...register('phone')}
              aria-describedby="f-phone-error"
              data-testid="field-phone"
            />
            <FieldError
              id="f-phone-error"
              message={err.phone?.message}
              field={fieldName('facility.phone')}
            />
          </div>
        </div>

        <label htmlFor="f-operator">{t('facility.operator')}</label>
        <input id="f-operator" {...register('operator')} data-testid="field-operator" />
        <FieldError
          id="f-operator-error"
          message={err.operator?.message}
          field={fieldName('facility.operator')}
        />

        <div className="checks">
          <label>
            <input type="checkbox" {...register('inclusive')} data-testid="field-inclusive" />
            {t('facility.inclusive')}
          </label>
          <label>
            <input type="checkbox" {...register('published')} />
            {t('editor.fields.published')}
          </label>
        </div>

        <fieldset>
          <legend>{t('facility.hours')}</legend>
          <Controller
            control={control}
            name="hours"
            render={({ field }) => (
              <HoursEditor
                value={field.value}
                onChange={(v) => field.onChange(v)}
                describedBy="f-hours-error"
              />
            )}
          />
          <FieldError
            id="f-hours-error"
            message={err.hours?.message}
            field={fieldName('facility.hours')}
          />
        </fieldset>

        <label htmlFor="f-reason">
          {t('editor.fields.reason')}
          {values.status !== row?.status && values.status !== 'open' ? ' *' : ''}
        </label>
        <input
          id="f-reason"
          {...register('reason')}
          placeholder={t('editor.form.reasonPlaceholder')}
          data-testid="field-reason"
        />
        <FieldError
          id="f-reason-error"
          message={err.reason?.message}
          field={fieldName('editor.fields.reason')}
        />

        <div className="freshness">
          <span>{t('editor.completeness', { percent: Math.round(score.score * 100) })}</span>
          <meter min={0} max={1} value={score.score} aria-label={t('editor.completenessLabel')} />
          {score.missing.length > 0 && (
            <small className="muted">
              {t('editor.missing', {
                fields: score.missing
                  .map((f) => t(`facility.${f}`))
                  .join(t('editor.listSeparator')),
              })}
            </small>
          )}
        </div>
        <FlagList flags={flags} />

        {failure && (
          <p className="form-error" role="alert" data-testid="save-error" ref={failureRef}>
            {failure}
          </p>
        )}
        {retrying && (
          <p className="notice" role="status" data-testid="save-retrying">
            {t('editor.form.retrying', { count: save.failureCount })}
          </p>
        )}
        {notice && !formState.isDirty && (
          <p className="notice success" role="status" data-testid="save-notice">
            {notice}
          </p>
        )}
        <div className="row-actions sticky-actions">
          <button
            type="submit"
            className="primary"
            disabled={save.isPending}
            data-testid="save-facility"
          >
            {save.isPending ? t('editor.form.saving') : t('editor.form.save')}
          </button>
          {row && baseVersion !== null && (
            <button
              type="button"
              disabled={verify.isPending || formState.isDirty}
              title={formState.isDirty ? t('editor.form.verifyAfterSave') : undefined}
              data-testid="verify-today"
              onClick={() =>
                verify.mutate(
                  { facilityId: row.id, expectedVersion: baseVersion },
                  {
                    onSuccess: (result) => {
                      const version = Array.isArray(result)
                        ? Number((result[0] as { version?: unknown } | undefined)?.version)
                        : NaN
                      if (Number.isFinite(version)) setBaseVersion(version)
                      setNotice(t('editor.form.verified'))
                    },
                    onError: handleError,
                  },
                )
              }
            >
              {t('editor.verifiedToday')}
            </button>
          )}
        </div>
      </form>
      {row && props.showHistory && (
        <details className="history" open>
          <summary>{t('editor.history.title')}</summary>
          <HistoryList facilityId={row.id} currentVersion={baseVersion} />
        </details>
      )}
    </section>
  )
}

function valuesFromRowless(at: [number, number] | null, category: string): FacilityValues {
  return {
    name: '',
    category,
    status: 'open',
    address: '',
    lon: at ? round6(at[0]) : NaN,
    lat: at ? round6(at[1]) : NaN,
    capacity: null,
    hours: '',
    phone: '',
    operator: '',
    inclusive: false,
    published: true,
  }
}
