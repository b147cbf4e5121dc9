/**
 * A small pictogram per category, drawn as inline SVG (no icon font, no request): a bowl for
 * canteens, a child for childcare, a dumbbell for fitness, a shop for stores, a dot otherwise.
 */
const paths: Record<string, string> = {
  canteen: 'M3 10h18a9 9 0 0 1-18 0Zm5-6v4M12 3v5M16 4v4',
  childcare: 'M12 7a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5Zm-5 4h10M12 9v6m-3 6 3-6 3 6',
  fitness: 'M2 12h20M5 8v8M8 6v12M16 6v12M19 8v8',
  store: 'M4 10v10h16V10M3 10l2-6h14l2 6Zm6 10v-5h6v5',
}

export function CategoryIcon({
  code,
  color,
  size = 18,
}: {
  code: string
  color: string
  size?: number
}) {
  const d = paths[code]
  return (
    <svg
      className="category-icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke={color}
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      {d ? <path d={d} /> : <circle cx="12" cy="12" r="5" fill={color} />}
    </svg>
  )
}
