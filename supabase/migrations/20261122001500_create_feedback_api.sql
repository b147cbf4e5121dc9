-- A feedback row with the name and community of its facility (list_feedback).
create type public.feedback_item as (
  id uuid,
  facility_id uuid,
  facility_name text,
  community_id uuid,
  author uuid,
  kind text,
  rating int,
  comment text,
  status text,
  triaged_by uuid,
  triaged_at timestamptz,
  triage_note text,
  created_at timestamptz
);

create or replace function public.submit_feedback(facility_id uuid, kind text, rating int default null, comment text default null)
returns uuid
language plpgsql
set search_path = ''
as $$
#variable_conflict use_column
declare
  new_id uuid := gen_random_uuid();
  note text := nullif(btrim(submit_feedback.comment, E' \t\r\n\u3000'), '');
begin
  if submit_feedback.kind is null or submit_feedback.kind not in ('wrong_info', 'closed', 'rating', 'other') then
    perform private.invalid('feedback.kind', 'must be wrong_info, closed, rating or other');
  end if;
  if submit_feedback.rating is not null and submit_feedback.rating not between 1 and 5 then
    perform private.invalid('feedback.rating', 'must be a whole number of stars from 1 to 5');
  end if;
  if submit_feedback.kind = 'rating' and submit_feedback.rating is null then
    perform private.invalid('feedback.rating', 'required for a rating: 1 to 5 stars');
  end if;
  if char_length(note) > 2000 then
    perform private.invalid('feedback.comment', 'must be at most 2000 characters');
  end if;
  if not exists (select 1 from public.facilities f where f.id = submit_feedback.facility_id and f.deleted_at is null) then
    raise exception 'facility %: not found', submit_feedback.facility_id using errcode = 'P0002';
  end if;
  -- No RETURNING: anonymous reporters may write feedback but not read it back.
  insert into public.feedback (id, facility_id, author, kind, rating, comment)
  values (new_id, submit_feedback.facility_id, auth.uid(), submit_feedback.kind, submit_feedback.rating, note);
  return new_id;
end
$$;

create or replace function public.list_feedback(community_id uuid default null, status text default null)
returns setof public.feedback_item
language sql
stable
set search_path = ''
as $$
  select fb.id, fb.facility_id, f.name, f.community_id, fb.author, fb.kind, fb.rating, fb.comment, fb.status,
         fb.triaged_by, fb.triaged_at, fb.triage_note, fb.created_at
  from public.feedback fb
  join public.facilities f on f.id = fb.facility_id
  where (list_feedback.community_id is null or f.community_id = list_feedback.community_id)
    and (list_feedback.status is null or fb.status = list_feedback.status)
  order by fb.created_at desc, fb.id
$$;

-- The facility a feedback row is about, whoever may read the row: triage must answer "not
-- allowed" rather than "not found" to a worker of another community.
create or replace function private.feedback_facility(feedback_id uuid)
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select fb.facility_id from public.feedback fb where fb.id = feedback_facility.feedback_id
$$;

create or replace function public.triage_feedback(feedback_id uuid, status text, note text default null)
returns setof public.feedback
language plpgsql
set search_path = ''
as $$
#variable_conflict use_column
declare
  fac uuid;
  r public.feedback;
begin
  if triage_feedback.status is null or triage_feedback.status not in ('new', 'accepted', 'rejected', 'resolved') then
    perform private.invalid('feedback.status', 'must be new, accepted, rejected or resolved');
  end if;
  if char_length(triage_feedback.note) > 2000 then
    perform private.invalid('feedback.triage_note', 'must be at most 2000 characters');
  end if;
  fac := private.feedback_facility(triage_feedback.feedback_id);
  if fac is null then
    raise exception 'feedback %: not found', triage_feedback.feedback_id using errcode = 'P0002';
  end if;
  if not private.manages_facility(fac) then
    raise exception 'not allowed: only the facility''s workers and admins may triage its feedback'
      using errcode = '42501';
  end if;
  update public.feedback fb
  set status = triage_feedback.status, triage_note = nullif(btrim(triage_feedback.note), ''),
      triaged_by = auth.uid(), triaged_at = now()
  where fb.id = triage_feedback.feedback_id
  returning fb.* into r;
  return next r;
end
$$;

grant execute on function public.submit_feedback(uuid, text, int, text) to anon, authenticated, service_role;
grant execute on function public.list_feedback(uuid, text) to authenticated, service_role;
grant execute on function private.feedback_facility(uuid) to authenticated, service_role;
grant execute on function public.triage_feedback(uuid, text, text) to authenticated, service_role;
