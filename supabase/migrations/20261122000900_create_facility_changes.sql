create table public.facility_changes (
  id bigint generated always as identity primary key,
  facility_id uuid not null references public.facilities (id),
  action text not null,
  actor uuid,
  at timestamptz not null default clock_timestamp(),
  before jsonb,
  after jsonb not null,
  reason text,
  constraint facility_changes_action_valid check (action in ('insert', 'update', 'close', 'delete'))
);

comment on table public.facility_changes is 'Append-only audit of facilities, one row per insert/update/close, written by trigger.';
comment on column public.facility_changes.actor is 'auth.uid() of the writer; null for migrations and seeds.';
comment on column public.facility_changes.before is 'The row before the change (null for insert).';
comment on column public.facility_changes.after is 'The row after the change.';
comment on column public.facility_changes.reason is 'Why, from the transaction-local setting lifecircle.change_reason set by the API.';

create index facility_changes_facility_id_idx on public.facility_changes (facility_id, id);

alter table public.facility_changes enable row level security;

revoke all on table public.facility_changes from anon, authenticated;
grant select on table public.facility_changes to authenticated;
grant select on table public.facility_changes to service_role;

create policy "Workers, planners and admins can read facility history"
  on public.facility_changes for select
  to authenticated
  using (
    (select private.has_role(array['planner', 'admin']))
    or private.manages_facility(facility_id)
  );

create or replace function private.facilities_audit()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  act text;
begin
  if tg_op = 'INSERT' then
    act := 'insert';
  elsif old.deleted_at is null and new.deleted_at is not null then
    act := 'delete';
  elsif new.status = 'closed' and old.status is distinct from 'closed' then
    act := 'close';
  else
    act := 'update';
  end if;
  insert into public.facility_changes (facility_id, action, actor, before, after, reason)
  values (
    new.id,
    act,
    auth.uid(),
    case when tg_op = 'INSERT' then null else to_jsonb(old) end,
    to_jsonb(new),
    nullif(current_setting('lifecircle.change_reason', true), '')
  );
  return null;
end
$$;

create trigger facilities_audit
  after insert or update on public.facilities
  for each row execute function private.facilities_audit();

-- Append-only even for the table owner: history that can be edited is not history.
create or replace function private.facility_changes_append_only()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  raise exception 'facility_changes is append-only: % is not allowed', lower(tg_op)
    using errcode = '42501';
end
$$;

create trigger facility_changes_append_only
  before update or delete on public.facility_changes
  for each row execute function private.facility_changes_append_only();

create trigger facility_changes_no_truncate
  before truncate on public.facility_changes
  for each statement execute function private.facility_changes_append_only();
