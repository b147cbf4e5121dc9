-- A facility row with its great-circle distance from a query point (nearest_facilities).
create type public.facility_with_distance as (
  id uuid,
  category text,
  name text,
  address text,
  lon double precision,
  lat double precision,
  community_id uuid,
  status text,
  capacity int,
  hours text,
  phone text,
  operator text,
  inclusive boolean,
  published boolean,
  verified_at timestamptz,
  verified_by uuid,
  source text,
  version int,
  deleted_at timestamptz,
  created_at timestamptz,
  updated_at timestamptz,
  created_by uuid,
  updated_by uuid,
  distance_m double precision
);

create or replace function public.list_categories()
returns setof public.categories
language sql
stable
set search_path = ''
as $$
  select * from public.categories c order by c.sort_order, c.code
$$;

create or replace function public.list_communities()
returns table (
  id uuid,
  code text,
  name text,
  street text,
  district text,
  boundary jsonb,
  area_m2 double precision,
  population int,
  population_elderly int,
  population_infants int,
  households int,
  source text,
  vintage text,
  facility_counts jsonb,
  min_lon double precision,
  min_lat double precision,
  max_lon double precision,
  max_lat double precision
)
language sql
stable
set search_path = ''
as $$
  select c.id, c.code, c.name, c.street, c.district, c.boundary, c.area_m2, c.population,
         c.population_elderly, c.population_infants, c.households, c.source, c.vintage,
         coalesce(
           (select jsonb_object_agg(x.category, x.n)
            from (select f.category, count(*) as n
                  from public.facilities f
                  where f.community_id = c.id and f.published and f.status = 'open' and f.deleted_at is null
                  group by f.category) x),
           '{}'::jsonb
         ),
         c.min_lon, c.min_lat, c.max_lon, c.max_lat
  from public.communities c
  order by c.code nulls last, c.name
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
set search_path = ''
as $$
  select *
  from public.facilities f
  where f.deleted_at is null
    and f.lon between facilities_in_bbox.min_lon and facilities_in_bbox.max_lon
    and f.lat between facilities_in_bbox.min_lat and facilities_in_bbox.max_lat
    and (facilities_in_bbox.categories is null or f.category = any (facilities_in_bbox.categories))
  order by f.category, f.name, f.id
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
set search_path = ''
as $$
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
  -- Ordering by cube's <-> (chord length) uses the GiST index; chord length is monotone in
  -- great-circle distance, so the order is the same.
  return query
  select f.*, private.distance_m(nearest_facilities.lat, nearest_facilities.lon, f.lat, f.lon)
  from public.facilities f
  where f.deleted_at is null
    and (nearest_facilities.category is null or f.category = nearest_facilities.category)
    and (not coalesce(only_open, true) or f.status = 'open')
  order by private.earth_point(f.lat, f.lon) operator(extensions.<->) private.earth_point(nearest_facilities.lat, nearest_facilities.lon), f.id
  limit limit_n;
end
$$;

create or replace function public.get_facility(facility_id uuid)
returns setof public.facilities
language sql
stable
set search_path = ''
as $$
  select * from public.facilities f where f.id = get_facility.facility_id and f.deleted_at is null
$$;

grant execute on function public.list_categories() to anon, authenticated, service_role;
grant execute on function public.list_communities() to anon, authenticated, service_role;
grant execute on function public.facilities_in_bbox(double precision, double precision, double precision, double precision, text[]) to anon, authenticated, service_role;
grant execute on function public.nearest_facilities(double precision, double precision, text, int, boolean) to anon, authenticated, service_role;
grant execute on function public.get_facility(uuid) to anon, authenticated, service_role;
