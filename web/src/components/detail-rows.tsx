import type { ReactNode } from 'react'

export type DetailRow = readonly [label: string, value: ReactNode]

/** Label–value pairs as a description list, which screen readers announce as such. */
export function DetailRows({ rows }: { rows: readonly DetailRow[] }) {
  return (
    <dl className="detail-rows">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  )
}
