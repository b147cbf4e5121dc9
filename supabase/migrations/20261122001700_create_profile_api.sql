create or replace function public.my_profile()
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  me uuid := auth.uid();
  p public.profiles;
begin
  if me is null then
    return jsonb_build_object('role', 'anon');
  end if;
  select * into p from public.profiles x where x.user_id = me;
  return jsonb_build_object(
    'user_id', me,
    'email', auth.jwt() ->> 'email',
    'role', coalesce(p.role, 'resident'),
    'display_name', p.display_name,
    'communities', to_jsonb(private.my_community_ids())
  );
end
$$;

create or replace function private.user_exists(user_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (select 1 from auth.users u where u.id = user_exists.user_id)
$$;

create or replace function public.set_user_role(user_id uuid, role text)
returns setof public.profiles
language plpgsql
set search_path = ''
as $$
#variable_conflict use_column
declare
  r public.profiles;
begin
  if not private.is_admin() then
    raise exception 'not allowed: only admins may change roles' using errcode = '42501';
  end if;
  if set_user_role.role is null or set_user_role.role not in ('resident', 'worker', 'planner', 'admin') then
    perform private.invalid('profile.role', 'must be resident, worker, planner or admin');
  end if;
  if not private.user_exists(set_user_role.user_id) then
    raise exception 'user %: not found', set_user_role.user_id using errcode = 'P0002';
  end if;
  insert into public.profiles as p (user_id, role)
  values (set_user_role.user_id, set_user_role.role)
  on conflict (user_id) do update set role = excluded.role, updated_at = now()
  returning p.* into r;
  return next r;
end
$$;

create or replace function public.assign_community(user_id uuid, community_id uuid, assigned boolean default true)
returns void
language plpgsql
set search_path = ''
as $$
#variable_conflict use_column
begin
  if not private.is_admin() then
    raise exception 'not allowed: only admins may assign communities' using errcode = '42501';
  end if;
  if not private.user_exists(assign_community.user_id) then
    raise exception 'user %: not found', assign_community.user_id using errcode = 'P0002';
  end if;
  if not exists (select 1 from public.communities c where c.id = assign_community.community_id) then
    raise exception 'community %: not found', assign_community.community_id using errcode = 'P0002';
  end if;
  if coalesce(assign_community.assigned, true) then
    insert into public.profiles (user_id) values (assign_community.user_id) on conflict (user_id) do nothing;
    insert into public.community_assignments (user_id, community_id)
    values (assign_community.user_id, assign_community.community_id)
    on conflict do nothing;
  else
    delete from public.community_assignments a
    where a.user_id = assign_community.user_id and a.community_id = assign_community.community_id;
  end if;
end
$$;

grant execute on function private.user_exists(uuid) to authenticated, service_role;
grant execute on function public.my_profile() to anon, authenticated, service_role;
grant execute on function public.set_user_role(uuid, text) to authenticated, service_role;
grant execute on function public.assign_community(uuid, uuid, boolean) to authenticated, service_role;
