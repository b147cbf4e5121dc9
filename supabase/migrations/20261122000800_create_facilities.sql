-- Opening hours: "24/7", or rules separated by "; ", each an optional day list ("Mo-Fr ",
-- "Sa,Su ") followed by "off" or time ranges "HH:MM-HH:MM[,HH:MM-HH:MM…]" (a subset of
-- OpenStreetMap's opening_hours that every demo and imported value is normalised to).
create or replace function private.hours_valid(hours text)
returns boolean
language sql
immutable
parallel safe
set search_path = ''
as $$
  with p as (
    select '(Mo|Tu|We|Th|Fr|Sa|Su|PH)' as d,
           '([01][0-9]|2[0-3]):[0-5][0-9]-(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)' as r
  ), q as (
    select '(' || d || '(-' || d || ')?(,' || d || '(-' || d || ')?)* )?(off|' || r || '(,' || r || ')*)' as rule
    from p
  )
  select hours ~ ('^(24/7|' || rule || '(; ' || rule || ')*)$') from q
$$;

grant execute on function private.hours_valid(text) to anon, authenticated, service_role;

create table public.facilities (
  id uuid primary key default gen_random_uuid(),
  category text not null,
  name text not null,
  address text,
  lon double precision not null,
  lat double precision not null,
  community_id uuid,
  status text not null default 'open',
  capacity int,
  hours text,
  phone text,
  operator text,
  inclusive boolean not null default false,
  published boolean not null default true,
  verified_at timestamptz,
  verified_by uuid,
  source text,
  version int not null default 1,
  deleted_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  created_by uuid,
  updated_by uuid,
  constraint facilities_category_fkey foreign key (category) references public.categories (code) on update cascade,
  constraint facilities_community_id_fkey foreign key (community_id) references public.communities (id) on delete set null,
  constraint facilities_name_valid check (char_length(name) between 1 and 120 and btrim(name, E' \t\r\n\u3000') <> ''),
  -- 'NaN' sorts above every number in PostgreSQL, but say so explicitly rather than rely on it.
  constraint facilities_lon_valid check (lon <> 'NaN' and lon between -180 and 180),
  constraint facilities_lat_valid check (lat <> 'NaN' and lat between -90 and 90),
  constraint facilities_status_valid check (status in ('open', 'closed', 'planned')),
  constraint facilities_capacity_valid check (capacity is null or capacity >= 0),
  constraint facilities_hours_valid check (hours is null or private.hours_valid(hours)),
  constraint facilities_address_valid check (address is null or char_length(address) <= 200),
  constraint facilities_phone_valid check (phone is null or phone ~ '^[0-9+() -]{3,40}$'),
  constraint facilities_operator_valid check (operator is null or char_length(operator) <= 120),
  constraint facilities_source_valid check (source is null or char_length(source) <= 200),
  constraint facilities_version_valid check (version >= 1)
);

comment on table public.facilities is 'Service facilities; never hard-deleted (deleted_at), every change audited in facility_changes.';
comment on column public.facilities.category is 'categories.code.';
comment on column public.facilities.lon is 'WGS-84 longitude in degrees (GCJ-02/BD-09 input is converted on import).';
comment on column public.facilities.lat is 'WGS-84 latitude in degrees.';
comment on column public.facilities.community_id is 'Community whose boundary contains the point; filled by trigger when null.';
comment on column public.facilities.status is 'open, closed or planned.';
comment on column public.facilities.capacity is 'In the category''s capacity_unit (seats, slots, m2).';
comment on column public.facilities.hours is '24/7 or HH:MM-HH:MM[,…] optionally prefixed by days (Mo-Fr ), rules separated by "; ".';
comment on column public.facilities.inclusive is '普惠: certified affordable service.';
comment on column public.facilities.published is 'Visible to the public; unpublished rows are drafts seen by their community''s workers, planners and admins.';
comment on column public.facilities.version is 'Optimistic concurrency: bumped by trigger on every update; writers pass the version they read.';
comment on column public.facilities.deleted_at is 'Soft delete; the app never deletes rows.';

create index facilities_community_id_idx on public.facilities (community_id);
create index facilities_published_idx on public.facilities (published, deleted_at);
create index facilities_category_idx on public.facilities (category);
create index facilities_lon_lat_idx on public.facilities (lon, lat);
create index facilities_earth_idx on public.facilities using gist (private.earth_point(lat, lon));

alter table public.facilities enable row level security;

revoke all on table public.facilities from anon, authenticated;
grant select on table public.facilities to anon;
grant select on table public.facilities to authenticated;
-- Column grants: whatever reaches the table directly (PostgREST exposes it), ids, versions,
-- authorship and soft deletion stay server-owned.
grant insert (category, name, address, lon, lat, community_id, status, capacity, hours, phone, operator, inclusive, published, source)
  on table public.facilities to authenticated;
grant update (category, name, address, lon, lat, community_id, status, capacity, hours, phone, operator, inclusive, published, source, verified_at, verified_by)
  on table public.facilities to authenticated;
grant select, insert, update on table public.facilities to service_role;

create policy "Anyone can read published facilities"
  on public.facilities for select
  to anon
  using (published and deleted_at is null);

create policy "Signed-in users read published, managed or planned facilities"
  on public.facilities for select
  to authenticated
  using (
    (published and deleted_at is null)
    or (select private.has_role(array['planner', 'admin']))
    or community_id = any ((select private.managed_community_ids())::uuid[])
  );

create policy "Workers can add facilities to their communities"
  on public.facilities for insert
  to authenticated
  with check (private.manages_community(community_id));

create policy "Workers can update facilities of their communities"
  on public.facilities for update
  to authenticated
  using (private.manages_community(community_id))
  with check (private.manages_community(community_id));

-- Server-owned columns: whatever a client sends, version, timestamps and authorship come
-- from here, and the community from the boundary when not given or when the point moved.
create or replace function private.facilities_before_write()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    new.version := 1;
    new.created_at := now();
    new.created_by := coalesce(auth.uid(), new.created_by);
    if new.community_id is null then
      new.community_id := private.community_at(new.lon, new.lat);
    end if;
  else
    new.id := old.id;
    new.version := old.version + 1;
    new.created_at := old.created_at;
    new.created_by := old.created_by;
    if new.community_id is not distinct from old.community_id
       and (new.lon is distinct from old.lon or new.lat is distinct from old.lat) then
      new.community_id := coalesce(private.community_at(new.lon, new.lat), old.community_id);
    end if;
  end if;
  new.updated_at := now();
  new.updated_by := coalesce(auth.uid(), new.updated_by);
  return new;
end
$$;

create trigger facilities_before_write
  before insert or update on public.facilities
  for each row execute function private.facilities_before_write();

-- Used by the policies of facility_changes and feedback, which reach a community through a facility.
create or replace function private.manages_facility(facility_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(
    (select private.manages_community(f.community_id) from public.facilities f where f.id = manages_facility.facility_id),
    false
  )
$$;

grant execute on function private.manages_facility(uuid) to anon, authenticated, service_role;
