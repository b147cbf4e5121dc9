-- cube + earthdistance give "nearest facility" queries a GiST index without PostGIS (PGlite
-- has no PostGIS). Supabase keeps extensions in schema extensions; so do we, everywhere.
create schema if not exists extensions;

create extension if not exists cube with schema extensions;
create extension if not exists earthdistance with schema extensions;

grant usage on schema extensions to anon, authenticated, service_role;
