-- What hosted Supabase already provides: the three API roles PostgREST switches to.
-- Roles are cluster-wide on a real PostgreSQL server, so every statement is idempotent and
-- tolerates another database (or a parallel test run) having created the role first.
do $$
declare
  r text;
begin
  foreach r in array array['anon', 'authenticated', 'service_role'] loop
    if not exists (select 1 from pg_catalog.pg_roles where rolname = r) then
      begin
        execute format('create role %I nologin noinherit', r);
      exception when duplicate_object or unique_violation then
        null;
      end;
    end if;
  end loop;
end
$$;

-- service_role is Supabase's trusted server-side key: it bypasses row-level security.
do $$
begin
  if not (select rolbypassrls from pg_catalog.pg_roles where rolname = 'service_role') then
    alter role service_role bypassrls;
  end if;
exception when insufficient_privilege then
  null;
end
$$;

grant usage on schema public to anon, authenticated, service_role;

-- Supabase's defaults: everything created in public is granted to the API roles, so each
-- migration must revoke what a role should not have. Mimicking this here means the tests
-- prove those revocations, instead of passing only because nothing was granted.
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
