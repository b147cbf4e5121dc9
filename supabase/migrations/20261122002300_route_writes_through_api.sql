-- All writes to facilities and feedback go through the API functions. Directly on the tables
-- (PostgREST exposes them) a worker could skip the version check, name someone else in
-- verified_by / triaged_by, or edit a soft-deleted row. The API roles lose INSERT / UPDATE on
-- both tables; the write functions run as their owner (security definer, search_path pinned)
-- and check visibility, rights, version and actor themselves. The facilities trigger still
-- assigns the community from the point and enforces the writer's communities for any write.

revoke insert, update, delete on table public.facilities from anon, authenticated;
revoke insert, update, delete on table public.feedback from anon, authenticated;

drop policy if exists "Workers can add facilities to their communities" on public.facilities;
drop policy if exists "Workers can update facilities of their communities" on public.facilities;
drop policy if exists "Anyone can report on a published facility anonymously" on public.feedback;
drop policy if exists "Signed-in users can report on a facility as themselves" on public.feedback;
drop policy if exists "The facility's workers and admins can triage feedback" on public.feedback;

-- The stored row a write starts from: visible to the caller (else "not found", so nobody
-- learns about rows they cannot read), in a community the caller manages, and at the version
-- the caller read (else PT409, which PostgREST turns into HTTP 409).
create or replace function private.facility_for_write(facility_id uuid, expected_version int)
returns public.facilities
language plpgsql
stable
set search_path = ''
as $$
declare
  cur public.facilities;
begin
  if facility_id is null then
    perform private.invalid('facility_id', 'required');
  end if;
  if expected_version is null then
    perform private.invalid('expected_version', 'required: the version you read, so a colleague''s newer edit is not overwritten');
  end if;
  select * into cur from public.facilities f where f.id = facility_for_write.facility_id;
  if not found or not private.facility_visible(cur) then
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

create or replace function public.save_facility(facility jsonb, expected_version int default null, reason text default null)
returns setof public.facilities
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  fid text := facility ->> 'id';
  cur public.facilities;
  r public.facilities;
  target uuid;
begin
  if auth.uid() is null then
    raise exception 'not allowed: sign in to edit facilities' using errcode = '42501';
  end if;
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
    -- The community comes from the point; a community_id the client sent is ignored.
    target := private.community_for_write(r.lon, r.lat);
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
  target := cur.community_id;
  if r.lon <> cur.lon or r.lat <> cur.lat then
    target := private.community_for_write(r.lon, r.lat);
  end if;
  update public.facilities f
  set category = r.category, name = r.name, address = r.address, lon = r.lon, lat = r.lat,
      community_id = target, status = r.status, capacity = r.capacity, hours = r.hours, phone = r.phone,
      operator = r.operator, inclusive = r.inclusive, published = r.published, source = r.source
  where f.id = cur.id and f.version = save_facility.expected_version and f.deleted_at is null
  returning f.* into r;
  if not found then
    perform private.version_conflict(cur.id, save_facility.expected_version);
  end if;
  return next r;
end
$$;

-- close_facility and verify_facility already check through facility_for_write and write
-- auth.uid() as the verifier; they now run as the owner.
alter function public.close_facility(uuid, int, text) security definer;
alter function public.verify_facility(uuid, int) security definer;

create or replace function public.triage_feedback(feedback_id uuid, status text, note text default null)
returns setof public.feedback
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  fb public.feedback;
  r public.feedback;
begin
  if triage_feedback.status is null or triage_feedback.status not in ('new', 'accepted', 'rejected', 'resolved') then
    perform private.invalid('feedback.status', 'must be new, accepted, rejected or resolved');
  end if;
  if char_length(triage_feedback.note) > 2000 then
    perform private.invalid('feedback.triage_note', 'must be at most 2000 characters');
  end if;
  select * into fb from public.feedback x where x.id = triage_feedback.feedback_id;
  -- Readers of the row (its author, the facility's workers, planners, admins) learn that it
  -- exists; everyone else gets "not found".
  if not found or not (coalesce(fb.author = auth.uid(), false) or private.has_role(array['planner', 'admin'])
                       or private.manages_facility(fb.facility_id)) then
    raise exception 'feedback %: not found', triage_feedback.feedback_id using errcode = 'P0002';
  end if;
  if not private.manages_facility(fb.facility_id) then
    raise exception 'not allowed: only the facility''s workers and admins may triage its feedback'
      using errcode = '42501';
  end if;
  update public.feedback x
  set status = triage_feedback.status, triage_note = nullif(btrim(triage_feedback.note), ''),
      triaged_by = auth.uid(), triaged_at = now()
  where x.id = fb.id
  returning x.* into r;
  return next r;
end
$$;

-- Answered for any feedback id, readable or not; triage no longer needs it.
drop function if exists private.feedback_facility(uuid);
