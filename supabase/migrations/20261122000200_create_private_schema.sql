-- Helpers that policies and triggers call live in schema private: PostgREST exposes only
-- public, so nobody can call them as an API. The API roles still need USAGE, because
-- row-level security policies run with the querying role's privileges.
create schema if not exists private;

revoke all on schema private from public;
grant usage on schema private to anon, authenticated, service_role;

-- No function is callable by default: each migration grants EXECUTE per role. The second
-- revoke undoes Supabase's own default grant to the API roles (mimicked by compat/).
alter default privileges revoke execute on functions from public;
alter default privileges in schema public revoke execute on functions from public;
alter default privileges in schema public revoke execute on functions from anon, authenticated;
alter default privileges in schema private revoke execute on functions from public;
