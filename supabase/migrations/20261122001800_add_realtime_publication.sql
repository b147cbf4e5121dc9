-- Supabase Realtime streams postgres_changes only for tables in its publication (and still
-- applies row-level security per subscriber). The publication exists only on Supabase.
do $$
begin
  if exists (select 1 from pg_catalog.pg_publication where pubname = 'supabase_realtime') then
    if not exists (select 1 from pg_catalog.pg_publication_tables
                   where pubname = 'supabase_realtime' and schemaname = 'public' and tablename = 'facilities') then
      alter publication supabase_realtime add table public.facilities;
    end if;
    if not exists (select 1 from pg_catalog.pg_publication_tables
                   where pubname = 'supabase_realtime' and schemaname = 'public' and tablename = 'feedback') then
      alter publication supabase_realtime add table public.feedback;
    end if;
  end if;
end
$$;
