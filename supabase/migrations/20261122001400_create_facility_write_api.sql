-- Merge a client's facility object into base (a stored row, or defaults for a new one),
-- checking each field. Server-owned fields the client may echo back are ignored.
create or replace function private.facility_from_json(input jsonb, base public.facilities)
returns public.facilities
language plpgsql
stable
set search_path = ''
as $$
declare
  r public.facilities := base;
  k text;
  v jsonb;
  n numeric;
begin
  if input is null or jsonb_typeof(input) <> 'object' then
    perform private.invalid('facility', 'must be a JSON object');
  end if;
  for k in select jsonb_object_keys(input) loop
    if k not in ('id', 'category', 'name', 'address', 'lon', 'lat', 'community_id', 'status', 'capacity',
                 'hours', 'phone', 'operator', 'inclusive', 'published', 'source', 'version', 'verified_at',
                 'verified_by', 'deleted_at', 'created_at', 'updated_at', 'created_by', 'updated_by', 'distance_m') then
      perform private.invalid('facility.' || k, 'unknown field');
    end if;
  end loop;

  if input ? 'category' then
    r.category := private.json_text(input, 'category', 'facility.category', 40);
    if r.category is null or not exists (select 1 from public.categories c where c.code = r.category) then
      perform private.invalid('facility.category', format('unknown category %s', coalesce('"' || r.category || '"', '(empty)')));
    end if;
  end if;
  if input ? 'name' then
    v := input -> 'name';
    if jsonb_typeof(v) = 'string' and char_length(btrim(v #>> '{}', E' \t\r\n\u3000')) > 120 then
      perform private.invalid('facility.name', 'must be at most 120 characters');
    end if;
    r.name := private.json_text(input, 'name', 'facility.name', 120);
  end if;
  if r.name is null then
    perform private.invalid('facility.name', 'required (1-120 characters, not only spaces)');
  end if;
  if r.category is null then
    perform private.invalid('facility.category', 'required');
  end if;
  foreach k in array array['lon', 'lat'] loop
    v := input -> k;
    if v is not null then
      if jsonb_typeof(v) <> 'number' then
        perform private.invalid('facility.' || k, format('must be a number between %s', case k when 'lon' then '-180 and 180' else '-90 and 90' end));
      end if;
      n := v::numeric;
      if (k = 'lon' and n not between -180 and 180) or (k = 'lat' and n not between -90 and 90) then
        perform private.invalid('facility.' || k, format('must be a number between %s', case k when 'lon' then '-180 and 180' else '-90 and 90' end));
      end if;
      if k = 'lon' then r.lon := n; else r.lat := n; end if;
    end if;
  end loop;
  if r.lon is null then
    perform private.invalid('facility.lon', 'required: a number between -180 and 180');
  end if;
  if r.lat is null then
    perform private.invalid('facility.lat', 'required: a number between -90 and 90');
  end if;
  if input ? 'community_id' then
    k := private.json_text(input, 'community_id', 'facility.community_id', 36);
    if k is not null and not private.is_uuid(k) then
      perform private.invalid('facility.community_id', 'must be a community id (uuid)');
    end if;
    r.community_id := k::uuid;
  end if;
  if input ? 'status' then
    r.status := private.json_text(input, 'status', 'facility.status', 10);
    if r.status is null or r.status not in ('open', 'closed', 'planned') then
      perform private.invalid('facility.status', 'must be open, closed or planned');
    end if;
  end if;
  if input ? 'capacity' then
    v := input -> 'capacity';
    if jsonb_typeof(v) = 'null' then
      r.capacity := null;
    elsif jsonb_typeof(v) <> 'number' or v::numeric < 0 or v::numeric <> trunc(v::numeric) or v::numeric > 2147483647 then
      perform private.invalid('facility.capacity', 'must be a whole number of 0 or more');
    else
      r.capacity := v::numeric;
    end if;
  end if;
  if input ? 'hours' then
    r.hours := private.json_text(input, 'hours', 'facility.hours', 200);
    if r.hours is not null and not private.hours_valid(r.hours) then
      perform private.invalid('facility.hours', 'must look like 24/7, 07:00-19:00, 06:30-09:00,11:00-13:30 or Mo-Fr 08:00-18:00; Sa 09:00-12:00');
    end if;
  end if;
  if input ? 'address' then
    r.address := private.json_text(input, 'address', 'facility.address', 200);
  end if;
  if input ? 'phone' then
    r.phone := private.json_text(input, 'phone', 'facility.phone', 40);
    if r.phone is not null and r.phone !~ '^[0-9+() -]{3,40}$' then
      perform private.invalid('facility.phone', 'may contain only digits, spaces, +, - and parentheses');
    end if;
  end if;
  if input ? 'operator' then
    r.operator := private.json_text(input, 'operator', 'facility.operator', 120);
  end if;
  if input ? 'source' then
    r.source := private.json_text(input, 'source', 'facility.source', 200);
  end if;
  foreach k in array array['inclusive', 'published'] loop
    v := input -> k;
    if v is not null then
      if jsonb_typeof(v) <> 'boolean' then
        perform private.invalid('facility.' || k, 'must be true or false');
      end if;
      if k = 'inclusive' then r.inclusive := v::boolean; else r.published := v::boolean; end if;
    end if;
  end loop;
  return r;
end
$$;

-- The stored row a write starts from: visible to the caller, editable by the caller, and
-- at the version the caller read (else PT409, which PostgREST turns into HTTP 409).
create or replace function private.facility_for_write(facility_id uuid, expected_version int)
returns public.facilities
language plpgsql
stable
set search_path = ''
as $$
declare
  cur public.facilities;
  r public.facilities;
begin
  if facility_id is null then
    perform private.invalid('facility_id', 'required');
  end if;
  if expected_version is null then
    perform private.invalid('expected_version', 'required: the version you read, so a colleague''s newer edit is not overwritten');
  end if;
  select * into cur from public.facilities f where f.id = facility_for_write.facility_id and f.deleted_at is null;
  if not found then
    raise exception 'facility %: not found', facility_id using errcode = 'P0002';
  end if;
  if not private.manages_community(cur.community_id) then
    raise exception 'not allowed: facility % belongs to a community you do not manage', facility_id
      using errcode = '42501';
  end if;
  if cur.version <> expected_version then
    raise exception 'facility.version: someone else saved this facility since you opened it (now version %, yours %); reload it and try again',
      cur.version, expected_version
      using errcode = 'PT409', column = 'version';
  end if;
  return cur;
end
$$;

create or replace function private.version_conflict(facility_id uuid, expected_version int)
returns void
language plpgsql
set search_path = ''
as $$
begin
  raise exception 'facility.version: someone else saved this facility since you opened it (yours was version %); reload it and try again',
    expected_version
    using errcode = 'PT409', column = 'version', detail = format('facility %s', facility_id);
end
$$;

create or replace function public.save_facility(facility jsonb, expected_version int default null, reason text default null)
returns setof public.facilities
language plpgsql
set search_path = ''
as $$
#variable_conflict use_column
declare
  fid text := facility ->> 'id';
  cur public.facilities;
  r public.facilities;
  target uuid;
begin
  if facility is null or jsonb_typeof(facility) <> 'object' then
    perform private.invalid('facility', 'must be a JSON object');
  end if;
  if fid is not null and not private.is_uuid(fid) then
    perform private.invalid('facility.id', 'must be a facility id (uuid) or absent for a new facility');
  end if;
  if char_length(save_facility.reason) > 500 then
    perform private.invalid('reason', 'must be at most 500 characters');
  end if;
  perform set_config('lifecircle.change_reason', coalesce(save_facility.reason, ''), true);

  if fid is null then
    cur.status := 'open';
    cur.inclusive := false;
    cur.published := true;
    r := private.facility_from_json(facility, cur);
    target := coalesce(r.community_id, private.community_at(r.lon, r.lat));
    if not private.manages_community(target) then
      raise exception 'not allowed: you may add facilities only inside the communities you manage'
        using errcode = '42501';
    end if;
    insert into public.facilities (category, name, address, lon, lat, community_id, status, capacity, hours,
                                   phone, operator, inclusive, published, source)
    values (r.category, r.name, r.address, r.lon, r.lat, target, r.status, r.capacity, r.hours,
            r.phone, r.operator, r.inclusive, r.published, r.source)
    returning * into r;
    return next r;
    return;
  end if;

  cur := private.facility_for_write(fid::uuid, save_facility.expected_version);
  r := private.facility_from_json(facility, cur);
  target := r.community_id;
  if target is not distinct from cur.community_id and (r.lon <> cur.lon or r.lat <> cur.lat) then
    target := coalesce(private.community_at(r.lon, r.lat), cur.community_id);
  end if;
  if not private.manages_community(target) then
    raise exception 'not allowed: facility.community_id would move the facility to a community you do not manage'
      using errcode = '42501', column = 'community_id';
  end if;
  update public.facilities f
  set category = r.category, name = r.name, address = r.address, lon = r.lon, lat = r.lat,
      community_id = target, status = r.status, capacity = r.capacity, hours = r.hours, phone = r.phone,
      operator = r.operator, inclusive = r.inclusive, published = r.published, source = r.source
  where f.id = cur.id and f.version = save_facility.expected_version
  returning f.* into r;
  if not found then
    perform private.version_conflict(cur.id, save_facility.expected_version);
  end if;
  return next r;
end
$$;

create or replace function public.close_facility(facility_id uuid, expected_version int, reason text)
returns setof public.facilities
language plpgsql
set search_path = ''
as $$
#variable_conflict use_column
declare
  cur public.facilities;
  r public.facilities;
begin
  if close_facility.reason is null or btrim(close_facility.reason, E' \t\r\n\u3000') = '' then
    perform private.invalid('reason', 'required: say why the facility closed');
  end if;
  if char_length(close_facility.reason) > 500 then
    perform private.invalid('reason', 'must be at most 500 characters');
  end if;
  cur := private.facility_for_write(close_facility.facility_id, close_facility.expected_version);
  if cur.status = 'closed' then
    perform private.invalid('facility.status', 'already closed');
  end if;
  perform set_config('lifecircle.change_reason', btrim(close_facility.reason), true);
  update public.facilities f
  set status = 'closed'
  where f.id = cur.id and f.version = close_facility.expected_version
  returning f.* into r;
  if not found then
    perform private.version_conflict(cur.id, close_facility.expected_version);
  end if;
  return next r;
end
$$;

create or replace function public.verify_facility(facility_id uuid, expected_version int)
returns setof public.facilities
language plpgsql
set search_path = ''
as $$
#variable_conflict use_column
declare
  cur public.facilities;
  r public.facilities;
begin
  cur := private.facility_for_write(verify_facility.facility_id, verify_facility.expected_version);
  perform set_config('lifecircle.change_reason', 'verified', true);
  update public.facilities f
  set verified_at = now(), verified_by = auth.uid()
  where f.id = cur.id and f.version = verify_facility.expected_version
  returning f.* into r;
  if not found then
    perform private.version_conflict(cur.id, verify_facility.expected_version);
  end if;
  return next r;
end
$$;

create or replace function public.facility_history(facility_id uuid)
returns setof public.facility_changes
language plpgsql
stable
set search_path = ''
as $$
#variable_conflict use_column
begin
  if not (private.has_role(array['planner', 'admin']) or private.manages_facility(facility_history.facility_id)) then
    raise exception 'not allowed: only the facility''s workers, planners and admins may read its history'
      using errcode = '42501';
  end if;
  return query
  select * from public.facility_changes c where c.facility_id = facility_history.facility_id order by c.id;
end
$$;

grant execute on function private.facility_from_json(jsonb, public.facilities) to authenticated, service_role;
grant execute on function private.facility_for_write(uuid, int) to authenticated, service_role;
grant execute on function private.version_conflict(uuid, int) to authenticated, service_role;
grant execute on function public.save_facility(jsonb, int, text) to authenticated, service_role;
grant execute on function public.close_facility(uuid, int, text) to authenticated, service_role;
grant execute on function public.verify_facility(uuid, int) to authenticated, service_role;
grant execute on function public.facility_history(uuid) to authenticated, service_role;
