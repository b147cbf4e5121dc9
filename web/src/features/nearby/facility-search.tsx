import { useId, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { SearchIndex } from '../../core/search/search-index.ts'
import type { SearchEntry } from './use-nearby.ts'

export interface FacilitySearchProps {
  index: SearchIndex<SearchEntry> | null
  /** Nearer results first among equal matches. */
  near: [number, number] | null
  onPick: (entry: SearchEntry) => void
  /** Tells the page which results to show on the map (all hits of the current query). */
  onResults?: (entries: SearchEntry[]) => void
}

const LIMIT = 8

/**
 * Search by facility name, address, community or street: a combobox (type, then ↓ ↑ and Enter,
 * Escape to close), results as a list the screen reader announces.
 */
export function FacilitySearch({ index, near, onPick, onResults }: FacilitySearchProps) {
  const { t } = useTranslation()
  const id = useId()
  const [query, setQuery] = useState('')
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(0)
  const result = useMemo(
    () =>
      index && query.trim()
        ? index.search(query, { limit: LIMIT, ...(near ? { near } : {}) })
        : null,
    [index, query, near],
  )
  const hits = result?.hits ?? []
  const pick = (entry: SearchEntry) => {
    setOpen(false)
    setQuery(entry.name)
    onPick(entry)
  }
  const listId = `${id}-list`
  return (
    <div className="search" role="search">
      <label htmlFor={`${id}-input`} className="search-label">
        {t('search.label')}
      </label>
      <input
        id={`${id}-input`}
        type="search"
        role="combobox"
        aria-expanded={open && hits.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && hits[active] ? `${id}-opt-${active}` : undefined}
        placeholder={t('search.placeholder')}
        value={query}
        autoComplete="off"
        data-testid="search-input"
        maxLength={60}
        onChange={(e) => {
          setQuery(e.currentTarget.value)
          setActive(0)
          setOpen(true)
          const q = e.currentTarget.value.trim()
          if (!q) onResults?.([])
          else if (index) onResults?.(index.search(q, { limit: 200 }).hits.map((h) => h.item))
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault()
            setOpen(true)
            setActive((a) => Math.min(a + 1, hits.length - 1))
          } else if (e.key === 'ArrowUp') {
            e.preventDefault()
            setActive((a) => Math.max(a - 1, 0))
          } else if (e.key === 'Enter') {
            const hit = hits[active]
            if (hit) {
              e.preventDefault()
              pick(hit.item)
            }
          } else if (e.key === 'Escape') {
            setOpen(false)
          }
        }}
      />
      {open && query.trim() !== '' && (
        <ul id={listId} role="listbox" className="search-results" aria-label={t('search.results')}>
          {hits.length === 0 ? (
            <li className="muted" role="option" aria-selected={false} aria-disabled>
              {index ? t('search.none') : t('search.loading')}
            </li>
          ) : (
            hits.map((hit, i) => (
              <li
                key={hit.item.id}
                id={`${id}-opt-${i}`}
                role="option"
                aria-selected={i === active}
                data-testid="search-result"
                data-kind={hit.item.kind}
                onMouseDown={(e) => {
                  e.preventDefault()
                  pick(hit.item)
                }}
                onMouseEnter={() => setActive(i)}
              >
                <span className="search-name">{hit.item.name}</span>
                <small className="search-meta">
                  {t(`search.kind.${hit.item.kind}`)}
                  {hit.item.address ? ` · ${hit.item.address}` : ''}
                  {hit.item.kind === 'facility' && hit.item.community
                    ? ` · ${hit.item.community}`
                    : ''}
                </small>
              </li>
            ))
          )}
          {result && result.total > hits.length && (
            <li className="muted" role="option" aria-selected={false} aria-disabled>
              {t('search.more', { count: result.total - hits.length })}
            </li>
          )}
        </ul>
      )}
    </div>
  )
}
