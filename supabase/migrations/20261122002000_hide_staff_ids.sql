-- Staff user ids (verified_by, created_by, updated_by) are for staff. Directly on the table
-- (PostgREST exposes it) no API role may select those columns; the read functions run as
-- their owner with the visibility rules of the table's policies written out, and blank the
-- ids for anonymous callers and residents.

revoke select on table public.facilities from anon, authenticated;
grant select (id, category, name, address, lon, lat, community_id, status, capacity, hours, phone, operator,
              inclusive, published, verified_at, source, version, deleted_at, created_at, updated_at)
  on table public.facilities to anon, authenticated;

-- The caller's view of facilities, computed once per statement.
create or replace function private.viewer()
returns table (role text, staff boolean, managed uuid[])
language sql
stable
security definer
set search_path = ''
as $$
  select r, r in ('worker', 'planner', 'admin'), private.managed_community_ids()
  from private.app_role() as r
$$;

-- The row as the caller may see it: staff ids blanked for anyone but staff.
create or replace function private.mask_staff_ids(f public.facilities, staff boolean)
returns public.facilities
language plpgsql
immutable
set search_path = ''
as $$
begin
  if not coalesce(staff, false) then
    f.verified_by := null;
    f.created_by := null;
    f.updated_by := null;
  end if;
  return f;
end
$$;

-- The same rule as the facilities select policies, for code running as the owner: published
-- rows for everyone, plus every row for planners and admins and a worker's own communities'.
-- Deleted rows never.
create or replace function private.facility_visible(f public.facilities)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select f.deleted_at is null
    and (f.published or v.role in ('planner', 'admin') or f.community_id = any (v.managed))
  from private.viewer() v
$$;

create or replace function public.facilities_in_bbox(
  min_lon double precision,
  min_lat double precision,
  max_lon double precision,
  max_lat double precision,
  categories text[] default null
)
returns setof public.facilities
language sql
stable
security definer
set search_path = ''
as $$
  select m.*
  from private.viewer() v
  cross join public.facilities f
  cross join lateral private.mask_staff_ids(f, v.staff) m
  where f.deleted_at is null
    and (f.published or v.role in ('planner', 'admin') or f.community_id = any (v.managed))
    and f.lon between facilities_in_bbox.min_lon and facilities_in_bbox.max_lon
    and f.lat between facilities_in_bbox.min_lat and facilities_in_bbox.max_lat
    and (facilities_in_bbox.categories is null or f.category = any (facilities_in_bbox.categories))
  order by f.category, f.name, f.id
$$;

create or replace function public.get_facility(facility_id uuid)
returns setof public.facilities
language sql
stable
security definer
set search_path = ''
as $$
  select m.*
  from private.viewer() v
  cross join public.facilities f
  cross join lateral private.mask_staff_ids(f, v.staff) m
  where f.id = get_facility.facility_id
    and f.deleted_at is null
    and (f.published or v.role in ('planner', 'admin') or f.community_id = any (v.managed))
$$;

create or replace function public.nearest_facilities(
  lon double precision,
  lat double precision,
  category text default null,
  limit_n int default 5,
  only_open boolean default true
)
returns setof public.facility_with_distance
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v record;
begin
  if nearest_facilities.lon is null or nearest_facilities.lon = 'NaN' or nearest_facilities.lon not between -180 and 180 then
    perform private.invalid('lon', 'must be a number between -180 and 180');
  end if;
  if nearest_facilities.lat is null or nearest_facilities.lat = 'NaN' or nearest_facilities.lat not between -90 and 90 then
    perform private.invalid('lat', 'must be a number between -90 and 90');
  end if;
  if limit_n is null or limit_n not between 1 and 100 then
    perform private.invalid('limit_n', 'must be an integer from 1 to 100');
  end if;
  select * into v from private.viewer();
  -- Ordering by cube's <-> (chord length) uses the GiST index; chord length is monotone in
  -- great-circle distance, so the order is the same.
  return query
  select m.*, private.distance_m(nearest_facilities.lat, nearest_facilities.lon, f.lat, f.lon)
  from public.facilities f
  cross join lateral private.mask_staff_ids(f, v.staff) m
  where f.deleted_at is null
    and (f.published or v.role in ('planner', 'admin') or f.community_id = any (v.managed))
    and (nearest_facilities.category is null or f.category = nearest_facilities.category)
    and (not coalesce(only_open, true) or f.status = 'open')
  order by private.earth_point(f.lat, f.lon) operator(extensions.<->) private.earth_point(nearest_facilities.lat, nearest_facilities.lon), f.id
  limit limit_n;
end
$$;

grant execute on function private.viewer() to anon, authenticated, service_role;
grant execute on function private.mask_staff_ids(public.facilities, boolean) to anon, authenticated, service_role;
grant execute on function private.facility_visible(public.facilities) to anon, authenticated, service_role;
