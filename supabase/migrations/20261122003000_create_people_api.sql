-- The people an admin manages in the app: every signed-up user with their role and the
-- communities assigned to them, so roles (set_user_role) and assignments (assign_community)
-- can be changed from a list instead of by user id.

create or replace function public.list_people()
returns table (
  user_id uuid,
  email text,
  display_name text,
  role text,
  communities uuid[]
)
language plpgsql
stable
security definer
set search_path = ''
as $$
#variable_conflict use_column
begin
  if not private.is_admin() then
    raise exception 'not allowed: only admins may list people and their roles' using errcode = '42501';
  end if;
  return query
  select u.id, u.email::text, p.display_name, coalesce(p.role, 'resident'),
         coalesce((select array_agg(a.community_id order by a.community_id)
                   from public.community_assignments a where a.user_id = u.id), '{}'::uuid[])
  from auth.users u
  left join public.profiles p on p.user_id = u.id
  order by coalesce(p.role, 'resident'), u.email, u.id;
end
$$;

grant execute on function public.list_people() to authenticated, service_role;
