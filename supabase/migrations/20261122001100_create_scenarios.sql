create table public.scenarios (
  id uuid primary key default gen_random_uuid(),
  owner uuid not null default auth.uid(),
  name text not null,
  body jsonb not null default '{}'::jsonb,
  shared boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint scenarios_name_valid check (char_length(name) between 1 and 120 and btrim(name, E' \t\r\n\u3000') <> ''),
  constraint scenarios_body_valid check (jsonb_typeof(body) = 'object')
);

comment on table public.scenarios is 'A planner''s what-if: facilities added, moved or removed, and the settings used.';
comment on column public.scenarios.body is '{added: [...], moved: [...], removed: [...], settings: {...}} as written by the planner UI.';
comment on column public.scenarios.shared is 'Readable by every planner and admin when true; otherwise only by its owner.';

create index scenarios_owner_idx on public.scenarios (owner);
create index scenarios_shared_idx on public.scenarios (shared) where shared;

alter table public.scenarios enable row level security;

revoke all on table public.scenarios from anon, authenticated;
grant select on table public.scenarios to authenticated;
grant insert (owner, name, body, shared) on table public.scenarios to authenticated;
grant update (name, body, shared, updated_at) on table public.scenarios to authenticated;
grant select, insert, update, delete on table public.scenarios to service_role;

create policy "Owners read their scenarios and planners read shared ones"
  on public.scenarios for select
  to authenticated
  using (
    owner = (select auth.uid())
    or (shared and (select private.has_role(array['planner', 'admin'])))
  );

create policy "Planners and admins can create their own scenarios"
  on public.scenarios for insert
  to authenticated
  with check (owner = (select auth.uid()) and (select private.has_role(array['planner', 'admin'])));

create policy "Owners can update their scenarios"
  on public.scenarios for update
  to authenticated
  using (owner = (select auth.uid()))
  with check (owner = (select auth.uid()) and (select private.has_role(array['planner', 'admin'])));
