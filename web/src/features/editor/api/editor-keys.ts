import { facilityKeys } from '../../../data/keys.ts'

// Editor key factories. A facility's timeline lives under `facilityKeys.all` so every facility
// change (a save, a revert, another user's write heard through the change feed) refreshes it;
// feedback keys start with `feedback`, the prefix the change feed invalidates.
export const timelineKeys = {
  all: [...facilityKeys.all, 'timeline'] as const,
  detail: (id: string) => [...timelineKeys.all, id] as const,
}

export const feedbackKeys = {
  all: ['feedback'] as const,
  inbox: (status: string | null) => [...feedbackKeys.all, 'inbox', status ?? 'all'] as const,
}

export const peopleKeys = {
  all: ['people'] as const,
  list: () => [...peopleKeys.all, 'list'] as const,
}
