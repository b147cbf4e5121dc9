import type { Db } from './db.ts'
import type { CommunityRow } from './row-schemas.ts'

/**
 * Whether the map is showing the generated demo city, which must then be labelled as such.
 * The local adapter always seeds the demo city; a hosted database shows it only if its
 * communities say so in their source.
 */
export function isDemoShown(
  kind: Db['kind'],
  hasDemoBundle: boolean,
  communities: readonly Pick<CommunityRow, 'source'>[] | undefined,
): boolean {
  if (!hasDemoBundle) return false
  if (kind === 'local') return true
  return (communities ?? []).some((c) => /demo|示范|generated/i.test(c.source ?? ''))
}
