-- The community follows the point: on every insert, and on every update that moves the point
-- or touches community_id, the community is the one whose boundary contains the point,
-- whatever the client sent. A point outside every community is refused, and so is a point a
-- signed-in writer does not manage (whoever writes: the API, a direct write, an import).

-- The community a point lies in, for a writer: refused with the field named when the point is
-- outside every community (22023) or inside one the caller does not manage (42501).
create or replace function private.community_for_write(lon double precision, lat double precision)
returns uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  c public.communities;
begin
  select * into c from public.communities x where x.id = private.community_at(community_for_write.lon, community_for_write.lat);
  if not found then
    raise exception 'facility.lon: the point (%, %) lies outside every community; place it inside a community boundary', lon, lat
      using errcode = '22023', column = 'lon';
  end if;
  if not private.manages_community(c.id) then
    raise exception 'facility.lon: the point (%, %) lies in community % (%), which you do not manage', lon, lat, c.name, coalesce(c.code, c.id::text)
      using errcode = '42501', column = 'lon';
  end if;
  return c.id;
end
$$;

create or replace function private.facilities_before_write()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  me uuid := auth.uid();
  moved boolean;
  c public.communities;
begin
  if tg_op = 'INSERT' then
    new.version := 1;
    new.created_at := now();
    new.created_by := coalesce(me, new.created_by);
    moved := true;
  else
    new.id := old.id;
    new.version := old.version + 1;
    new.created_at := old.created_at;
    new.created_by := old.created_by;
    moved := new.lon is distinct from old.lon or new.lat is distinct from old.lat
             or new.community_id is distinct from old.community_id;
    if me is not null and not private.manages_community(old.community_id) then
      raise exception 'not allowed: facility % belongs to a community you do not manage', old.id
        using errcode = '42501';
    end if;
    -- Whoever marks a record verified is the one who verified it.
    if me is not null and (new.verified_at is distinct from old.verified_at or new.verified_by is distinct from old.verified_by) then
      new.verified_by := me;
    end if;
  end if;
  -- Out-of-range coordinates are left to the table's lon/lat constraints, which name them.
  if moved and new.lon between -180 and 180 and new.lat between -90 and 90 then
    new.community_id := private.community_at(new.lon, new.lat);
    if new.community_id is null then
      raise exception 'facility.lon: the point (%, %) lies outside every community; place it inside a community boundary', new.lon, new.lat
        using errcode = '23514', column = 'lon';
    end if;
  end if;
  if me is not null and new.community_id is not null and not private.manages_community(new.community_id) then
    select * into c from public.communities x where x.id = new.community_id;
    raise exception 'facility.lon: the point (%, %) lies in community % (%), which you do not manage', new.lon, new.lat, c.name, coalesce(c.code, c.id::text)
      using errcode = '42501', column = 'lon';
  end if;
  new.updated_at := now();
  new.updated_by := coalesce(me, new.updated_by);
  return new;
end
$$;

comment on column public.facilities.community_id is 'Community whose boundary contains the point; always set by trigger from lon/lat (client values are ignored).';

grant execute on function private.community_for_write(double precision, double precision) to authenticated, service_role;

-- Rows stored before this rule: take the community from the boundary where one contains the
-- point (audited like any change). Points outside every community keep what they had.
do $$
begin
  perform set_config('lifecircle.change_reason', 'community assigned from the boundary', true);
  update public.facilities f
  set community_id = x.cid
  from (select g.id, private.community_at(g.lon, g.lat) as cid from public.facilities g) x
  where x.id = f.id and x.cid is not null and f.community_id is distinct from x.cid;
  perform set_config('lifecircle.change_reason', '', true);
end
$$;
