import type { LngLatBbox } from '../core/geo/bbox.ts'
import type { QueryKey } from '@tanstack/react-query'
import type { ChangeEvent } from './db.ts'

/** A bounding box in WGS-84 degrees: west, south, east, north. */
/** West, south, east, north in degrees: the one bbox type (core/geo/bbox.ts), read-only here. */
export type Bbox = Readonly<LngLatBbox>

export interface FacilityListFilters {
  bbox: Bbox
  /** null = every category. */
  categories: readonly string[] | null
}

// Key factories: every key of an entity starts with its `all` prefix, so invalidating `all`
// refreshes lists and details alike (TkDodo's "effective query keys").
export const categoryKeys = {
  all: ['categories'] as const,
  list: () => [...categoryKeys.all, 'list'] as const,
}

export const communityKeys = {
  all: ['communities'] as const,
  list: () => [...communityKeys.all, 'list'] as const,
}

export const facilityKeys = {
  all: ['facilities'] as const,
  lists: () => [...facilityKeys.all, 'list'] as const,
  list: (filters: FacilityListFilters) => [...facilityKeys.lists(), filters] as const,
  details: () => [...facilityKeys.all, 'detail'] as const,
  detail: (id: string) => [...facilityKeys.details(), id] as const,
}

export const sessionKeys = {
  all: ['session'] as const,
  current: () => [...sessionKeys.all, 'current'] as const,
}

/**
 * Which cached queries a row change makes stale. Community figures include counts of open
 * facilities, so a facility change touches communities too.
 */
export function keysAffectedBy(event: ChangeEvent): QueryKey[] {
  switch (event.table) {
    case 'facilities':
      return [facilityKeys.all, communityKeys.all]
    case 'communities':
      return [communityKeys.all]
    case 'feedback':
      return [['feedback']]
  }
}
