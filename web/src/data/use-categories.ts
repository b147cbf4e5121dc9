import { queryOptions, useQuery } from '@tanstack/react-query'
import { z } from 'zod'
import type { Db } from './db.ts'
import { useDb } from './db-provider.tsx'
import { categoryKeys } from './keys.ts'
import { categoryRowSchema, type CategoryRow } from './row-schemas.ts'

const rowsSchema = z.array(categoryRowSchema)

/** `list_categories()`, sorted by `sort_order` then code. */
export function categoriesQueryOptions(db: Db) {
  return queryOptions({
    queryKey: categoryKeys.list(),
    queryFn: async (): Promise<CategoryRow[]> => {
      const rows = rowsSchema.parse(await db.rpc('list_categories'))
      return rows.sort(
        (a, b) => (a.sort_order ?? 0) - (b.sort_order ?? 0) || a.code.localeCompare(b.code),
      )
    },
    // The catalogue changes only with a migration.
    staleTime: Infinity,
  })
}

export function useCategories() {
  return useQuery(categoriesQueryOptions(useDb()))
}
