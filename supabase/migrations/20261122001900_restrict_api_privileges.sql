-- Privileges the earlier migrations left behind, found by the declared permission table
-- (supabase/permissions.json) and its test.

-- Supabase's default privileges grant ALL on every new sequence to the API roles: with UPDATE
-- on facility_changes_id_seq a SQL session as anon could setval() it and make every later
-- write collide. No API role needs a sequence (identities are filled by the owner's triggers
-- and definer functions), so none keeps any, now or for sequences created later.
revoke all on all sequences in schema public from anon, authenticated, service_role;
alter default privileges in schema public revoke all on sequences from anon, authenticated, service_role;

-- New tables start closed: each migration grants what its table needs (and the permission
-- test fails on a table it does not declare).
alter default privileges in schema public revoke all on tables from anon, authenticated, service_role;

-- service_role (the trusted server key) holds exactly what the table migrations say: never
-- TRUNCATE, TRIGGER or REFERENCES, and no DELETE on facilities, feedback or the audit.
revoke all on table public.categories, public.communities, public.profiles, public.community_assignments,
  public.facilities, public.facility_changes, public.feedback, public.scenarios
  from service_role;
grant select, insert, update, delete on table public.categories, public.communities, public.profiles,
  public.community_assignments, public.scenarios
  to service_role;
grant select, insert, update on table public.facilities, public.feedback to service_role;
grant select on table public.facility_changes to service_role;

-- Who may ask whether a user exists: admins only (set_user_role / assign_community, which are
-- admin-only anyway). Any other caller gets an error, not an answer.
create or replace function private.user_exists(user_id uuid)
returns boolean
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not private.is_admin() then
    raise exception 'not allowed: only admins may look up users' using errcode = '42501';
  end if;
  return exists (select 1 from auth.users u where u.id = user_exists.user_id);
end
$$;
