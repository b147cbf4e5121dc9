create table public.communities (
  id uuid primary key default gen_random_uuid(),
  code text,
  name text not null,
  street text,
  district text,
  boundary jsonb not null,
  min_lon double precision,
  min_lat double precision,
  max_lon double precision,
  max_lat double precision,
  area_m2 double precision,
  population int,
  population_elderly int,
  population_infants int,
  households int,
  source text,
  vintage text,
  constraint communities_code_key unique (code),
  constraint communities_name_valid check (char_length(name) between 1 and 120 and btrim(name, E' \t\r\n\u3000') <> ''),
  constraint communities_boundary_valid check (private.geojson_is_area(boundary)),
  constraint communities_area_m2_valid check (area_m2 is null or (area_m2 >= 0 and area_m2 < 'Infinity')),
  constraint communities_population_valid check (population is null or population >= 0),
  constraint communities_population_elderly_valid check (population_elderly is null or population_elderly >= 0),
  constraint communities_population_infants_valid check (population_infants is null or population_infants >= 0),
  constraint communities_households_valid check (households is null or households >= 0)
);

comment on table public.communities is 'Communities (社区): the units coverage is reported for.';
comment on column public.communities.code is '行政区划代码 (administrative division code) where known.';
comment on column public.communities.street is '街道 (sub-district) the community belongs to.';
comment on column public.communities.boundary is 'GeoJSON Polygon or MultiPolygon geometry, WGS-84 lon/lat.';
comment on column public.communities.min_lon is 'Bounding box of boundary, filled by trigger; prefilters point-in-polygon.';
comment on column public.communities.population_elderly is 'Residents aged 65+ (or 60+, per source).';
comment on column public.communities.population_infants is 'Children aged 0-3.';
comment on column public.communities.vintage is 'Year or date the population figures refer to.';

create index communities_bbox_idx on public.communities (min_lon, max_lon, min_lat, max_lat);

alter table public.communities enable row level security;

revoke all on table public.communities from anon, authenticated;
grant select on table public.communities to anon, authenticated;
grant all on table public.communities to service_role;

create policy "Everyone can read communities"
  on public.communities for select
  to anon, authenticated
  using (true);

create or replace function private.communities_fill_bbox()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  select min(p.lon), min(p.lat), max(p.lon), max(p.lat)
    into new.min_lon, new.min_lat, new.max_lon, new.max_lat
    from private.geojson_positions(new.boundary) as p;
  if new.min_lon is null or new.min_lon < -180 or new.max_lon > 180 or new.min_lat < -90 or new.max_lat > 90
     or new.min_lon = 'NaN' or new.max_lon = 'NaN' or new.min_lat = 'NaN' or new.max_lat = 'NaN' then
    raise exception 'community.boundary: coordinates must be lon in [-180, 180] and lat in [-90, 90]'
      using errcode = '23514', column = 'boundary';
  end if;
  return new;
end
$$;

create trigger communities_fill_bbox
  before insert or update of boundary on public.communities
  for each row execute function private.communities_fill_bbox();

-- The community a point lies in: bbox prefilter, then exact point-in-polygon.
create or replace function private.community_at(lon double precision, lat double precision)
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select c.id
  from public.communities c
  where community_at.lon between c.min_lon and c.max_lon
    and community_at.lat between c.min_lat and c.max_lat
    and private.geojson_contains(c.boundary, community_at.lon, community_at.lat)
  order by c.area_m2 nulls last, c.id
  limit 1
$$;

grant execute on function private.community_at(double precision, double precision) to anon, authenticated, service_role;
