import {
  createColumnHelper,
  createSortedRowModel,
  flexRender,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnDef,
  type SortingState,
} from '@tanstack/react-table'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { categoryName } from '../../../components/category-name.ts'
import { formatCount, formatShare } from '../../../components/format-number.ts'
import type { CategoryRow } from '../../../data/row-schemas.ts'
import type { CommunityRowData, ScenarioDiff } from './community-rows.ts'

export interface CommunityTableProps {
  rows: readonly CommunityRowData[]
  categories: readonly CategoryRow[]
  /** The category whose distances, capacity and target the table details. */
  category: string
  selectedId: string | null
  onSelect(id: string): void
  diff: ScenarioDiff | null
}

const features = tableFeatures({ rowSortingFeature, sortedRowModel: createSortedRowModel() })
const helper = createColumnHelper<typeof features, CommunityRowData>()

/** Sorts nulls last whichever way the column is sorted. */
const nullsLast = (a: number | null | undefined, b: number | null | undefined) =>
  a == null ? (b == null ? 0 : 1) : b == null ? -1 : a - b

/**
 * Every community in one sortable, filterable HTML table: population and target group, the
 * share of each category, distances and capacity of the chosen one, ✓/✗ against its target
 * (in words for screen readers), and in a scenario the change. A row click selects the community
 * on the map; a selection made on the map scrolls its row into view.
 */
export function CommunityTable({
  rows,
  categories,
  category,
  selectedId,
  onSelect,
  diff,
}: CommunityTableProps) {
  const { t, i18n } = useTranslation()
  const lang = i18n.language
  const [sorting, setSorting] = useState<SortingState>([])
  const [filter, setFilter] = useState('')
  const [belowOnly, setBelowOnly] = useState(false)
  const detail = category === 'complete' ? null : category
  const changes = useMemo(() => new Map((diff?.communities ?? []).map((c) => [c.id, c])), [diff])

  const columns = useMemo(() => {
    const fig = (r: CommunityRowData) => (detail ? r.categories[detail] : undefined)
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- columns of differing value types
    const cols: ColumnDef<typeof features, CommunityRowData, any>[] = [
      helper.accessor('name', {
        header: () => t('planner.table.community'),
        cell: (c) => <strong>{c.getValue()}</strong>,
        sortFn: (a, b) => a.original.name.localeCompare(b.original.name, 'zh-CN'),
      }),
      helper.accessor('street', { header: () => t('planner.table.street') }),
      helper.accessor('population', {
        header: () => t('planner.table.population'),
        cell: (c) => formatCount(c.getValue(), lang),
        meta: { numeric: true },
      }),
      helper.accessor((r) => fig(r)?.targetPopulation ?? null, {
        id: 'target_population',
        header: () => t('planner.table.targetPeople'),
        cell: (c) => formatCount(c.getValue(), lang),
        sortFn: (a, b, id) => nullsLast(a.getValue(id), b.getValue(id)),
        meta: { numeric: true },
      }),
      ...categories.map((k) =>
        helper.accessor((r) => r.categories[k.code]?.share ?? null, {
          id: `${k.code}.share`,
          header: () => categoryName(k, lang),
          cell: (c) => formatShare(c.getValue(), lang),
          sortFn: (a, b, id) => nullsLast(a.getValue(id), b.getValue(id)),
          meta: { numeric: true, share: true },
        }),
      ),
      helper.accessor('complete', {
        id: 'complete',
        header: () => t('planner.table.complete'),
        cell: (c) => formatShare(c.getValue(), lang),
        sortFn: (a, b, id) => nullsLast(a.getValue(id), b.getValue(id)),
        meta: { numeric: true, share: true },
      }),
    ]
    if (detail)
      cols.push(
        helper.accessor((r) => fig(r)?.medianM ?? null, {
          id: 'median_m',
          header: () => t('planner.table.median'),
          cell: (c) => formatCount(c.getValue(), lang),
          sortFn: (a, b, id) => nullsLast(a.getValue(id), b.getValue(id)),
          meta: { numeric: true },
        }),
        helper.accessor((r) => fig(r)?.p90M ?? null, {
          id: 'p90_m',
          header: () => t('planner.table.p90'),
          cell: (c) => formatCount(c.getValue(), lang),
          sortFn: (a, b, id) => nullsLast(a.getValue(id), b.getValue(id)),
          meta: { numeric: true },
        }),
        helper.accessor((r) => fig(r)?.capacityPer1000 ?? null, {
          id: 'capacity',
          header: () => t('planner.table.capacity'),
          cell: (c) => formatCount(c.getValue(), lang, 1),
          sortFn: (a, b, id) => nullsLast(a.getValue(id), b.getValue(id)),
          meta: { numeric: true },
        }),
        helper.accessor((r) => fig(r)?.met ?? '', {
          id: 'met',
          header: () => t('planner.table.met'),
          cell: (c) => {
            const v = c.getValue()
            if (!v) return <span className="muted">–</span>
            return (
              <span className={v === '✓' ? 'met' : 'unmet'}>
                <span aria-hidden>{v}</span>{' '}
                {t(v === '✓' ? 'planner.table.yes' : 'planner.table.no')}
              </span>
            )
          },
        }),
      )
    if (diff)
      cols.push(
        helper.accessor((r) => changes.get(r.id)?.deltaPp ?? 0, {
          id: 'delta_pp',
          header: () => t('planner.table.deltaPp'),
          cell: (c) =>
            c.getValue() ? t('planner.pp', { value: formatSigned(c.getValue(), lang, 1) }) : '',
          meta: { numeric: true },
        }),
        helper.accessor((r) => changes.get(r.id)?.newlyCovered ?? 0, {
          id: 'newly',
          header: () => t('planner.table.newly'),
          cell: (c) => (c.getValue() ? formatSigned(c.getValue(), lang, 0) : ''),
          meta: { numeric: true },
        }),
      )
    return cols
  }, [categories, detail, diff, changes, lang, t])

  // Filtering is a plain text match on name and 街道 (and ✗ only), done before the table sorts.
  const data = useMemo(() => {
    const q = filter.trim().toLowerCase()
    return rows.filter(
      (r) =>
        (!belowOnly || !detail || r.categories[detail]?.met === '✗') &&
        (!q || `${r.name} ${r.street}`.toLowerCase().includes(q)),
    )
  }, [rows, belowOnly, detail, filter])
  const table = useTable({
    features,
    data: data as CommunityRowData[],
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    getRowId: (r) => r.id,
  })

  const body = useRef<HTMLTableSectionElement>(null)
  useEffect(() => {
    if (!selectedId) return
    const row = body.current?.querySelector<HTMLElement>(`tr[data-community-id="${selectedId}"]`)
    row?.scrollIntoView({ block: 'nearest' })
  }, [selectedId])

  const shown = table.getRowModel().rows
  return (
    <div className="planner-table" data-testid="planner-table">
      <div className="planner-table-tools">
        <label>
          <span className="visually-hidden">{t('planner.table.filter')}</span>
          <input
            type="search"
            value={filter}
            placeholder={t('planner.table.filter')}
            data-testid="planner-table-filter"
            onChange={(e) => setFilter(e.target.value)}
          />
        </label>
        {detail && (
          <label className="inline">
            <input
              type="checkbox"
              checked={belowOnly}
              data-testid="planner-table-below"
              onChange={(e) => setBelowOnly(e.target.checked)}
            />
            {t('planner.table.belowOnly')}
          </label>
        )}
        <span className="muted small" aria-live="polite">
          {t('planner.table.count', { n: shown.length, total: rows.length })}
        </span>
      </div>
      <div className="planner-table-scroll">
        <table>
          <caption className="visually-hidden">{t('planner.table.caption')}</caption>
          <thead>
            {table.getHeaderGroups().map((g) => (
              <tr key={g.id}>
                {g.headers.map((h) => {
                  const sorted = h.column.getIsSorted()
                  return (
                    <th
                      key={h.id}
                      scope="col"
                      data-col={h.column.id}
                      aria-sort={
                        sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'
                      }
                    >
                      <button
                        type="button"
                        data-testid={`sort-${h.column.id}`}
                        onClick={h.column.getToggleSortingHandler()}
                      >
                        {flexRender(h.column.columnDef.header, h.getContext())}
                        <span aria-hidden>
                          {sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}
                        </span>
                      </button>
                    </th>
                  )
                })}
              </tr>
            ))}
          </thead>
          <tbody ref={body}>
            {shown.map((row) => (
              <tr
                key={row.id}
                data-community-id={row.id}
                aria-selected={row.id === selectedId}
                className={row.id === selectedId ? 'selected' : undefined}
                onClick={() => onSelect(row.id)}
              >
                {row.getAllCells().map((cell, i) => {
                  const meta = cell.column.columnDef.meta as { numeric?: boolean } | undefined
                  const value = cell.getValue()
                  const content = flexRender(cell.column.columnDef.cell, cell.getContext())
                  return i === 0 ? (
                    <th key={cell.id} scope="row" data-col={cell.column.id}>
                      <button type="button" className="link" onClick={() => onSelect(row.id)}>
                        {content}
                      </button>
                    </th>
                  ) : (
                    <td
                      key={cell.id}
                      data-col={cell.column.id}
                      data-value={typeof value === 'number' ? value : undefined}
                      className={meta?.numeric ? 'num' : undefined}
                    >
                      {content}
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}

function formatSigned(n: number, lang: string, digits: number): string {
  return new Intl.NumberFormat(lang, {
    maximumFractionDigits: digits,
    signDisplay: 'exceptZero',
  }).format(n)
}
