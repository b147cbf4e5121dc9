import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { categoryName } from '../../../components/category-name.ts'
import type { CategoryRow, FacilityRow } from '../../../data/row-schemas.ts'
import { useVerifyFacility } from '../api/verify-facility.ts'
import { completeness } from '../lib/completeness.ts'
import { valuesFromRow } from '../lib/facility-values.ts'

/** The worker's facilities, searchable, each with freshness, completeness and "still correct". */
export function FacilityList({
  facilities,
  categories,
  selectedId,
  onSelect,
  onAdd,
  placing,
}: {
  facilities: readonly FacilityRow[]
  categories: readonly CategoryRow[]
  selectedId: string | null
  onSelect: (id: string) => void
  onAdd: () => void
  placing: boolean
}) {
  const { t, i18n } = useTranslation()
  const verify = useVerifyFacility()
  const [query, setQuery] = useState('')
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' })
  const q = query.trim().toLowerCase()
  const shown = q
    ? facilities.filter((f) => `${f.name} ${f.address ?? ''}`.toLowerCase().includes(q))
    : facilities
  return (
    <div className="facility-list">
      <div className="list-tools">
        <input
          type="search"
          value={query}
          placeholder={t('editor.list.search')}
          aria-label={t('editor.list.search')}
          onChange={(e) => setQuery(e.currentTarget.value)}
        />
        <button
          type="button"
          className={placing ? 'primary active' : 'primary'}
          onClick={onAdd}
          data-testid="add-facility"
          aria-pressed={placing}
        >
          {placing ? t('editor.list.placing') : t('editor.list.add')}
        </button>
      </div>
      {placing && (
        <p className="notice" role="status">
          {t('editor.list.placeHint')}
        </p>
      )}
      <p className="muted small">{t('editor.list.count', { count: shown.length })}</p>
      <ul className="editor-facilities" data-testid="editor-list">
        {shown.map((f) => {
          const category = categories.find((c) => c.code === f.category)
          const score = completeness(
            valuesFromRow(f),
            (category?.capacity_unit ?? 'none') !== 'none',
          )
          return (
            <li
              key={f.id}
              aria-current={f.id === selectedId ? 'true' : undefined}
              data-facility={f.id}
            >
              <button
                type="button"
                className="link-button"
                onClick={() => onSelect(f.id)}
                data-testid={`open-${f.id}`}
              >
                <span className="swatch" style={{ background: category?.color }} aria-hidden />
                {f.name}
              </button>
              <small>
                {category ? categoryName(category, i18n.language) : f.category} ·{' '}
                {t(`status.${f.status}`)} ·{' '}
                {f.verified_at
                  ? t('editor.verifiedOn', { date: date.format(new Date(f.verified_at)) })
                  : t('editor.neverVerified')}{' '}
                · {t('editor.completeness', { percent: Math.round(score.score * 100) })}
              </small>
              <button
                type="button"
                data-testid={`verify-${f.id}`}
                disabled={verify.isPending || f.version == null}
                onClick={() =>
                  f.version != null &&
                  verify.mutate({ facilityId: f.id, expectedVersion: f.version })
                }
              >
                {t('editor.stillCorrect')}
              </button>
            </li>
          )
        })}
      </ul>
      {verify.error && (
        <p role="alert" className="form-error">
          {verify.error.message}
        </p>
      )}
    </div>
  )
}
