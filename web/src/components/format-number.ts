/** Share (fraction) as a percent with one decimal; a dash for null. */
export function formatShare(share: number | null | undefined, locale: string): string {
  if (share == null) return '–'
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(share)
}

/** A whole number in the locale's grouping; a dash for null. */
export function formatCount(n: number | null | undefined, locale: string, digits = 0): string {
  if (n == null) return '–'
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n)
}
