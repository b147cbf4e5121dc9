-- Bulk import for community workers: every row validated and checked against the caller's
-- rights (the community comes from the point), duplicates found against stored records and
-- within the batch, then all accepted rows stored in this one transaction (or, on a dry run
-- or any failure while storing, nothing), with a report per row.

-- Names and addresses compared for duplicates: case, spaces (ASCII and ideographic) and
-- ASCII/full-width punctuation ignored.
create or replace function private.norm_text(value text)
returns text
language sql
immutable
parallel safe
set search_path = ''
as $$
  select nullif(lower(regexp_replace(value, '[[:space:]　,，.。·•()（）–—_/-]+', '', 'g')), '')
$$;

-- earthdistance's earth_box calls its helpers through the caller's search_path; pinned here
-- as earth_point is. Radius in metres (a box, so a prefilter only).
create or replace function private.earth_box_m(lat double precision, lon double precision, radius_m double precision)
returns extensions.cube
language sql
immutable
parallel safe
set search_path = extensions
as $$
  select extensions.earth_box(extensions.ll_to_earth(lat, lon), radius_m)
$$;

create index facilities_address_norm_idx on public.facilities (private.norm_text(address))
  where deleted_at is null and address is not null;
create index facilities_name_norm_idx on public.facilities (private.norm_text(name))
  where deleted_at is null;

-- One line of the report: the row's 1-based position in `rows`, what happened, and why.
create type public.import_report_row as (
  row_number int,
  status text,
  facility_id uuid,
  field text,
  reason text
);

create or replace function public.import_facilities(rows jsonb, dry_run boolean default true, source text default null)
returns setof public.import_report_row
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  src text := nullif(btrim(import_facilities.source, E' \t\r\n\u3000'), '');
  item jsonb;
  n int;
  r public.facilities;
  cur public.facilities;
  base public.facilities;
  fid uuid;
  nname text;
  naddr text;
  dup record;
  st text;
  fld text;
  why text;
  code text;
  a record;
  -- Same name within this distance is a duplicate (metres, great circle).
  near_m constant double precision := 50;
begin
  if auth.uid() is null or not private.has_role(array['worker', 'admin']) then
    raise exception 'not allowed: only community workers and admins import facilities' using errcode = '42501';
  end if;
  if import_facilities.rows is null or jsonb_typeof(import_facilities.rows) <> 'array' then
    perform private.invalid('rows', 'must be a JSON array of facility objects');
  end if;
  if jsonb_array_length(import_facilities.rows) > 10000 then
    perform private.invalid('rows', format('at most 10000 rows per import (got %s); split the file', jsonb_array_length(import_facilities.rows)));
  end if;
  if char_length(src) > 200 then
    perform private.invalid('source', 'must be at most 200 characters');
  end if;

  create temp table if not exists lifecircle_import (
    n int primary key,
    status text not null,
    facility_id uuid,
    field text,
    reason text,
    norm_name text,
    norm_addr text,
    lon double precision,
    lat double precision,
    rec jsonb
  ) on commit drop;
  truncate pg_temp.lifecircle_import;
  create index if not exists lifecircle_import_name_idx on pg_temp.lifecircle_import (norm_name);
  create index if not exists lifecircle_import_addr_idx on pg_temp.lifecircle_import (norm_addr);

  base.status := 'open';
  base.inclusive := false;
  base.published := true;
  base.source := src;

  -- 1. Validate every row; nothing is written to facilities yet.
  for item, n in select e.value, e.ordinality from jsonb_array_elements(import_facilities.rows) with ordinality e loop
    st := null; fld := null; why := null; fid := null; r := null;
    begin
      if jsonb_typeof(item) <> 'object' then
        perform private.invalid('row', 'must be a JSON object');
      end if;
      -- The importer's own bookkeeping, not a facility field.
      item := item - 'source_row';
      if nullif(item ->> 'id', '') is not null then
        if not private.is_uuid(item ->> 'id') then
          perform private.invalid('facility.id', 'must be a facility id (uuid), or absent for a new facility');
        end if;
        if jsonb_typeof(item -> 'version') is distinct from 'number' then
          perform private.invalid('facility.version', 'required to update: the version you exported, so a newer edit is not overwritten');
        end if;
        cur := private.facility_for_write((item ->> 'id')::uuid, (item ->> 'version')::int);
        if exists (select 1 from pg_temp.lifecircle_import t where t.facility_id = cur.id) then
          perform private.invalid('facility.id', 'the same facility appears in an earlier row');
        end if;
        r := private.facility_from_json(item, cur);
        r.community_id := case when r.lon = cur.lon and r.lat = cur.lat then cur.community_id
                               else private.community_for_write(r.lon, r.lat) end;
        fid := cur.id;
        st := 'updated';
      else
        r := private.facility_from_json(item - 'id', base);
        r.community_id := private.community_for_write(r.lon, r.lat);
        st := 'added';
      end if;
    exception when others then
      get stacked diagnostics why = message_text, code = returned_sqlstate, fld = column_name;
      st := 'rejected';
      fld := coalesce(nullif(fld, ''), substring(why from '^(?:facility\.)?([a-z_]+):'));
    end;

    nname := private.norm_text(r.name);
    naddr := private.norm_text(r.address);
    if st = 'added' then
      -- Against stored records: same name within near_m (name index, then the GiST box), or
      -- the same address (address index). Two queries, so each can use its index.
      select f.id, f.name, 'name' as why into dup
      from public.facilities f
      where f.deleted_at is null
        and private.norm_text(f.name) = nname
        and private.earth_point(f.lat, f.lon) operator(extensions.<@) private.earth_box_m(r.lat, r.lon, near_m * 1.2)
        and private.distance_m(r.lat, r.lon, f.lat, f.lon) <= near_m
      order by f.id
      limit 1;
      if not found and naddr is not null then
        select f.id, f.name, 'address' as why into dup
        from public.facilities f
        where f.deleted_at is null and f.address is not null and private.norm_text(f.address) = naddr
        order by f.id
        limit 1;
      end if;
      if found then
        st := 'skipped';
        fld := dup.why;
        fid := dup.id;
        why := format('duplicate of stored facility "%s" (%s): %s', dup.name, dup.id,
                      case dup.why when 'name' then format('same name within %s m', near_m) else 'same address' end);
      end if;
    end if;
    insert into pg_temp.lifecircle_import (n, status, facility_id, field, reason, norm_name, norm_addr, lon, lat, rec)
    values (n, st, fid, fld, why, nname, naddr, r.lon, r.lat, case when st in ('added', 'updated') then to_jsonb(r) end);
  end loop;

  -- Within the batch: an earlier accepted row with the same name within near_m or the same
  -- address. Equality joins (hashed), so a large file is not compared row by row.
  update pg_temp.lifecircle_import t
  set status = 'skipped', field = d.why, facility_id = null, rec = null,
      reason = format('duplicate of row %s: %s', d.of,
                      case d.why when 'name' then format('same name within %s m', near_m) else 'same address' end)
  from (
    select distinct on (x.n) x.n, x.of, x.why
    from (
      select t2.n, e.n as of, 'name' as why
      from pg_temp.lifecircle_import t2
      join pg_temp.lifecircle_import e on e.norm_name = t2.norm_name and e.n < t2.n
      where t2.status in ('added', 'updated') and e.status in ('added', 'updated')
        and private.distance_m(t2.lat, t2.lon, e.lat, e.lon) <= near_m
      union all
      select t2.n, e.n, 'address'
      from pg_temp.lifecircle_import t2
      join pg_temp.lifecircle_import e on e.norm_addr = t2.norm_addr and e.n < t2.n
      where t2.status in ('added', 'updated') and e.status in ('added', 'updated')
    ) x
    order by x.n, x.of, x.why desc
  ) d
  where t.n = d.n;

  -- 2. Store every accepted row, or (dry run, or any failure) nothing.
  if not coalesce(import_facilities.dry_run, true) then
    perform set_config('lifecircle.change_reason', 'import' || coalesce(': ' || src, ''), true);
    for a in select * from pg_temp.lifecircle_import t where t.status in ('added', 'updated') order by t.n loop
      r := jsonb_populate_record(null::public.facilities, a.rec);
      begin
        if a.status = 'added' then
          insert into public.facilities (category, name, address, lon, lat, community_id, status, capacity, hours,
                                         phone, operator, inclusive, published, source)
          values (r.category, r.name, r.address, r.lon, r.lat, r.community_id, r.status, r.capacity, r.hours,
                  r.phone, r.operator, r.inclusive, r.published, r.source)
          returning id into fid;
          update pg_temp.lifecircle_import t set facility_id = fid where t.n = a.n;
        else
          update public.facilities f
          set category = r.category, name = r.name, address = r.address, lon = r.lon, lat = r.lat,
              community_id = r.community_id, status = r.status, capacity = r.capacity, hours = r.hours,
              phone = r.phone, operator = r.operator, inclusive = r.inclusive, published = r.published,
              source = r.source
          where f.id = r.id and f.version = r.version and f.deleted_at is null;
          if not found then
            perform private.version_conflict(r.id, r.version);
          end if;
        end if;
      exception when others then
        get stacked diagnostics why = message_text, code = returned_sqlstate, fld = column_name;
        raise exception 'import row %: %; nothing was imported', a.n, why
          using errcode = code, column = coalesce(fld, '');
      end;
    end loop;
    perform set_config('lifecircle.change_reason', '', true);
  end if;

  return query
  select t.n, t.status, t.facility_id, t.field, t.reason from pg_temp.lifecircle_import t order by t.n;
end
$$;

grant execute on function private.norm_text(text) to anon, authenticated, service_role;
grant execute on function private.earth_box_m(double precision, double precision, double precision) to authenticated, service_role;
grant execute on function public.import_facilities(jsonb, boolean, text) to authenticated, service_role;
