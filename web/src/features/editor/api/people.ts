import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { z } from 'zod'
import type { Db } from '../../../data/db.ts'
import { useDb } from '../../../data/db-provider.tsx'
import { sessionKeys } from '../../../data/keys.ts'
import { peopleKeys } from './editor-keys.ts'

export const personSchema = z.object({
  user_id: z.string(),
  email: z.string().nullish(),
  display_name: z.string().nullish(),
  role: z.enum(['resident', 'worker', 'planner', 'admin']),
  communities: z.array(z.string()),
})
export type Person = z.infer<typeof personSchema>

/** `list_people()`: every user with role and assigned communities (admins only). */
export function peopleQueryOptions(db: Db) {
  return queryOptions({
    queryKey: peopleKeys.list(),
    queryFn: async (): Promise<Person[]> =>
      z.array(personSchema).parse(await db.rpc('list_people')),
  })
}

export function usePeople(enabled: boolean) {
  return useQuery({ ...peopleQueryOptions(useDb()), enabled })
}

export const setRoleInput = z.object({
  userId: z.string().uuid(),
  role: z.enum(['resident', 'worker', 'planner', 'admin']),
})

/** `set_user_role`. */
export function useSetUserRole() {
  const db = useDb()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: z.infer<typeof setRoleInput>) => {
      const { userId, role } = setRoleInput.parse(input)
      return db.rpc('set_user_role', { user_id: userId, role })
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: peopleKeys.all })
      void queryClient.invalidateQueries({ queryKey: sessionKeys.all })
    },
  })
}

export const assignCommunityInput = z.object({
  userId: z.string().uuid(),
  communityId: z.string().uuid(),
  assigned: z.boolean(),
})

/** `assign_community`: give or take a community from a worker. */
export function useAssignCommunity() {
  const db = useDb()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: z.infer<typeof assignCommunityInput>) => {
      const { userId, communityId, assigned } = assignCommunityInput.parse(input)
      return db.rpc('assign_community', { user_id: userId, community_id: communityId, assigned })
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: peopleKeys.all })
      void queryClient.invalidateQueries({ queryKey: sessionKeys.all })
    },
  })
}
