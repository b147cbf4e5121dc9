import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { z } from 'zod'
import type { CoverageChange } from '../../../core/coverage/coverage-model.ts'
import type { FacilityFeature } from '../../../core/coverage/types.ts'
import type { Db } from '../../../data/db.ts'
import { useDb } from '../../../data/db-provider.tsx'
import { compactEdits } from '../scenario/scenario-edits.ts'

export const scenarioKeys = {
  all: ['scenarios'] as const,
  list: () => [...scenarioKeys.all, 'list'] as const,
}

export const scenarioRowSchema = z.object({
  id: z.string(),
  owner: z.string().nullish(),
  name: z.string(),
  body: z.record(z.string(), z.unknown()),
  shared: z.boolean(),
  updated_at: z.string().nullish(),
})
export type ScenarioRow = z.infer<typeof scenarioRowSchema>

/** A scenario's body as stored: `{added, moved, removed, settings}` (moves folded into added). */
export function scenarioBody(edits: readonly CoverageChange[], settings: unknown) {
  const compact = compactEdits(edits)
  return {
    added: compact.flatMap((e) => (e.kind === 'add' ? [e.facility] : [])),
    moved: [],
    removed: compact.flatMap((e) => (e.kind === 'remove' ? [e.id] : [])),
    settings,
  }
}

/** The edit log a stored body stands for (closings first, then the added sites). */
export function editsOfBody(body: Record<string, unknown>): CoverageChange[] {
  const removed = Array.isArray(body.removed)
    ? body.removed.filter((x) => typeof x === 'string')
    : []
  const added = Array.isArray(body.added) ? (body.added as FacilityFeature[]) : []
  return [
    ...removed.map((id): CoverageChange => ({ kind: 'remove', id })),
    ...added
      .filter((f) => f?.geometry?.type === 'Point' && f.properties?.id)
      .map((facility): CoverageChange => ({ kind: 'add', facility })),
  ]
}

/** `list_scenarios()`: the planner's own and those shared with every planner. */
export function scenariosQueryOptions(db: Db) {
  return queryOptions({
    queryKey: scenarioKeys.list(),
    queryFn: async (): Promise<ScenarioRow[]> =>
      z.array(scenarioRowSchema).parse(await db.rpc('list_scenarios')),
  })
}

export function useScenarios(enabled: boolean) {
  return useQuery({ ...scenariosQueryOptions(useDb()), enabled, retry: false })
}

export const saveScenarioInput = z.object({
  name: z.string().trim().min(1).max(120),
  body: z.record(z.string(), z.unknown()),
  id: z.string().nullable(),
  shared: z.boolean(),
})

/** `save_scenario`: creates, or (with an id) renames / re-shares / overwrites one's own. */
export function useSaveScenario() {
  const db = useDb()
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (input: z.infer<typeof saveScenarioInput>) => {
      const { name, body, id, shared } = saveScenarioInput.parse(input)
      const rows = z
        .array(scenarioRowSchema)
        .parse(await db.rpc('save_scenario', { name, body, scenario_id: id, shared }))
      return rows[0] ?? null
    },
    onSuccess: () => void client.invalidateQueries({ queryKey: scenarioKeys.all }),
  })
}
