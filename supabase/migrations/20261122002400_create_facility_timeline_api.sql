-- A facility's history as people read it (who, when, which fields, from -> to, why), and
-- reverting a change, which is itself a new, audited change.

alter table public.facility_changes add column reverts bigint references public.facility_changes (id);
comment on column public.facility_changes.reverts is 'The change this one reverted (revert_facility_change), from lifecircle.reverts.';

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
  insert into public.facility_changes (facility_id, action, actor, before, after, reason, reverts)
  values (
    new.id,
    act,
    auth.uid(),
    case when tg_op = 'INSERT' then null else to_jsonb(old) end,
    to_jsonb(new),
    nullif(current_setting('lifecircle.change_reason', true), ''),
    nullif(current_setting('lifecircle.reverts', true), '')::bigint
  );
  return null;
end
$$;

-- Fields a person edits, in the order a form shows them; the rest (version, timestamps,
-- authorship) the server keeps.
create or replace function private.facility_fields()
returns text[]
language sql
immutable
set search_path = ''
as $$
  select array['name', 'category', 'status', 'address', 'lon', 'lat', 'community_id', 'capacity', 'hours',
               'phone', 'operator', 'inclusive', 'published', 'source', 'verified_at', 'verified_by', 'deleted_at']
$$;

-- [{field, from, to}] for the fields that differ between two row images.
create or replace function private.field_changes(before jsonb, after jsonb)
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select coalesce(jsonb_agg(jsonb_build_object('field', k, 'from', before -> k, 'to', after -> k) order by o), '[]'::jsonb)
  from unnest(private.facility_fields()) with ordinality as u(k, o)
  where (before -> k) is distinct from (after -> k)
    and not (before is null and coalesce(after -> k, 'null'::jsonb) = 'null'::jsonb)
$$;

create or replace function public.facility_timeline(facility_id uuid)
returns table (
  change_id bigint,
  at timestamptz,
  actor uuid,
  actor_name text,
  action text,
  reason text,
  version int,
  reverts bigint,
  changes jsonb
)
language plpgsql
stable
security definer
set search_path = ''
as $$
#variable_conflict use_column
begin
  if not (private.has_role(array['planner', 'admin']) or private.manages_facility(facility_timeline.facility_id)) then
    raise exception 'not allowed: only the facility''s workers, planners and admins may read its history'
      using errcode = '42501';
  end if;
  return query
  select c.id, c.at, c.actor, p.display_name, c.action, c.reason, (c.after ->> 'version')::int, c.reverts,
         private.field_changes(c.before, c.after)
  from public.facility_changes c
  left join public.profiles p on p.user_id = c.actor
  where c.facility_id = facility_timeline.facility_id
  order by c.id desc;
end
$$;

-- Put back the values a change replaced (only the fields it changed; later edits of other
-- fields stay), as a new change at expected_version. Verification is not reverted: the
-- verifier is always the person who verified.
create or replace function public.revert_facility_change(change_id bigint, expected_version int, reason text default null)
returns setof public.facilities
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  c public.facility_changes;
  cur public.facilities;
  r public.facilities;
  patch jsonb;
  why text := nullif(btrim(revert_facility_change.reason, E' \t\r\n\u3000'), '');
begin
  if auth.uid() is null then
    raise exception 'not allowed: sign in to edit facilities' using errcode = '42501';
  end if;
  if char_length(why) > 500 then
    perform private.invalid('reason', 'must be at most 500 characters');
  end if;
  select * into c from public.facility_changes x where x.id = revert_facility_change.change_id;
  if not found then
    raise exception 'change %: not found', revert_facility_change.change_id using errcode = 'P0002';
  end if;
  cur := private.facility_for_write(c.facility_id, revert_facility_change.expected_version);
  if c.before is null then
    perform private.invalid('change_id', 'the creation of a facility cannot be reverted; close it instead');
  end if;
  select jsonb_object_agg(k, c.before -> k) into patch
  from unnest(array['name', 'category', 'status', 'address', 'lon', 'lat', 'capacity', 'hours', 'phone',
                    'operator', 'inclusive', 'published', 'source', 'deleted_at']) as k
  where (c.before -> k) is distinct from (c.after -> k);
  if patch is null then
    perform private.invalid('change_id', format('change %s changed nothing that can be reverted', c.id));
  end if;
  r := jsonb_populate_record(cur, patch);
  if r.lon <> cur.lon or r.lat <> cur.lat then
    r.community_id := private.community_for_write(r.lon, r.lat);
  end if;
  perform set_config('lifecircle.change_reason', format('revert of change %s', c.id) || coalesce(': ' || why, ''), true);
  perform set_config('lifecircle.reverts', c.id::text, true);
  update public.facilities f
  set category = r.category, name = r.name, address = r.address, lon = r.lon, lat = r.lat,
      community_id = r.community_id, status = r.status, capacity = r.capacity, hours = r.hours, phone = r.phone,
      operator = r.operator, inclusive = r.inclusive, published = r.published, source = r.source,
      deleted_at = r.deleted_at
  where f.id = cur.id and f.version = revert_facility_change.expected_version
  returning f.* into r;
  if not found then
    perform private.version_conflict(cur.id, revert_facility_change.expected_version);
  end if;
  perform set_config('lifecircle.reverts', '', true);
  return next r;
end
$$;

grant execute on function private.facility_fields() to authenticated, service_role;
grant execute on function private.field_changes(jsonb, jsonb) to authenticated, service_role;
grant execute on function public.facility_timeline(uuid) to authenticated, service_role;
grant execute on function public.revert_facility_change(bigint, int, text) to authenticated, service_role;
