-- Who may do what. Security definer so that policies on profiles can ask about profiles
-- without recursing into their own row-level security; search_path pinned against hijacking.

create or replace function private.app_role()
returns text
language sql
stable
security definer
set search_path = ''
as $$
  select case
    when auth.uid() is null then 'anon'
    else coalesce((select p.role from public.profiles p where p.user_id = auth.uid()), 'resident')
  end
$$;

create or replace function private.is_admin()
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select private.app_role() = 'admin'
$$;

create or replace function private.has_role(roles text[])
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select private.app_role() = any (roles)
$$;

-- Admins manage every community; workers those assigned to them. A facility outside every
-- community (community_id null) is an admin's.
create or replace function private.manages_community(community_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select case private.app_role()
    when 'admin' then true
    when 'worker' then exists (
      select 1 from public.community_assignments a
      where a.user_id = auth.uid() and a.community_id = manages_community.community_id
    )
    else false
  end
$$;

create or replace function private.my_community_ids()
returns uuid[]
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(array_agg(a.community_id order by a.community_id), '{}')
  from public.community_assignments a
  where a.user_id = auth.uid()
$$;

-- The communities a worker edits, as one array per statement: policies compare rows against
-- it with = any (...) instead of calling a function per row.
create or replace function private.managed_community_ids()
returns uuid[]
language sql
stable
security definer
set search_path = ''
as $$
  select case private.app_role()
    when 'worker' then private.my_community_ids()
    else '{}'::uuid[]
  end
$$;

grant execute on function private.app_role() to anon, authenticated, service_role;
grant execute on function private.is_admin() to anon, authenticated, service_role;
grant execute on function private.has_role(text[]) to anon, authenticated, service_role;
grant execute on function private.manages_community(uuid) to anon, authenticated, service_role;
grant execute on function private.my_community_ids() to anon, authenticated, service_role;
grant execute on function private.managed_community_ids() to anon, authenticated, service_role;
