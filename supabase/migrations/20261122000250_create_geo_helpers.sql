-- GeoJSON helpers for community boundaries. Geometry maths proper lives in web/src/core;
-- the database only needs a bounding box and point-in-polygon to assign a facility to
-- its community.

create or replace function private.geojson_is_area(geom jsonb)
returns boolean
language sql
immutable
set search_path = ''
as $$
  select jsonb_typeof(geom) = 'object'
    and geom ->> 'type' in ('Polygon', 'MultiPolygon')
    and jsonb_typeof(geom -> 'coordinates') = 'array'
    and jsonb_array_length(geom -> 'coordinates') > 0
$$;

-- All vertex positions of a Polygon or MultiPolygon, as [lon, lat] pairs.
create or replace function private.geojson_positions(geom jsonb)
returns table (lon double precision, lat double precision)
language sql
immutable
set search_path = ''
as $$
  select (p ->> 0)::double precision, (p ->> 1)::double precision
  from jsonb_array_elements(
    case geom ->> 'type' when 'Polygon' then jsonb_build_array(geom -> 'coordinates')
                         else geom -> 'coordinates' end
  ) as poly,
  jsonb_array_elements(poly) as ring,
  jsonb_array_elements(ring) as p
$$;

-- Even-odd ray casting per polygon (outer ring and holes together), any polygon of a
-- MultiPolygon. Points exactly on an edge may fall either way; communities tile the city,
-- so such a point lands in one of its neighbours, which is all the assignment needs.
create or replace function private.geojson_contains(geom jsonb, lon double precision, lat double precision)
returns boolean
language plpgsql
immutable
set search_path = ''
as $$
declare
  polys jsonb;
  poly jsonb;
  ring jsonb;
  n int;
  i int;
  j int;
  xi double precision;
  yi double precision;
  xj double precision;
  yj double precision;
  inside boolean;
begin
  if not private.geojson_is_area(geom) then
    return false;
  end if;
  polys := case geom ->> 'type' when 'Polygon' then jsonb_build_array(geom -> 'coordinates')
                                 else geom -> 'coordinates' end;
  for poly in select value from jsonb_array_elements(polys) loop
    inside := false;
    for ring in select value from jsonb_array_elements(poly) loop
      n := jsonb_array_length(ring);
      j := n - 1;
      for i in 0 .. n - 1 loop
        xi := (ring -> i ->> 0)::double precision;
        yi := (ring -> i ->> 1)::double precision;
        xj := (ring -> j ->> 0)::double precision;
        yj := (ring -> j ->> 1)::double precision;
        if ((yi > lat) <> (yj > lat)) and (lon < (xj - xi) * (lat - yi) / (yj - yi) + xi) then
          inside := not inside;
        end if;
        j := i;
      end loop;
    end loop;
    if inside then
      return true;
    end if;
  end loop;
  return false;
end
$$;

-- GiST-indexable earth point. earthdistance's ll_to_earth calls cube() and earth() through
-- the caller's search_path, which breaks index maintenance for roles whose search_path lacks
-- schema extensions; pinning it here keeps the index usable from every role.
create or replace function private.earth_point(lat double precision, lon double precision)
returns extensions.earth
language sql
immutable
parallel safe
set search_path = extensions
as $$
  select extensions.ll_to_earth(lat, lon)
$$;

-- Great-circle metres on a sphere of R = 6,371,008.8 m (Turf's convention, also used by the
-- coverage engine), from earthdistance's chord-based distance on its own earth().
create or replace function private.distance_m(
  lat1 double precision, lon1 double precision, lat2 double precision, lon2 double precision
)
returns double precision
language sql
immutable
parallel safe
set search_path = extensions
as $$
  select extensions.earth_distance(extensions.ll_to_earth(lat1, lon1), extensions.ll_to_earth(lat2, lon2))
         * 6371008.8 / extensions.earth()
$$;

grant execute on function private.geojson_is_area(jsonb) to anon, authenticated, service_role;
grant execute on function private.geojson_positions(jsonb) to anon, authenticated, service_role;
grant execute on function private.geojson_contains(jsonb, double precision, double precision) to anon, authenticated, service_role;
grant execute on function private.earth_point(double precision, double precision) to anon, authenticated, service_role;
grant execute on function private.distance_m(double precision, double precision, double precision, double precision) to anon, authenticated, service_role;
