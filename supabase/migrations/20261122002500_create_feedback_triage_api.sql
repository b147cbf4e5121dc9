-- Residents' reports, for the workers of the facility's community: an inbox newest first,
-- resolve by an edit (linked to its audit change) or dismiss with a reason.

alter table public.feedback add column resolved_change_id bigint references public.facility_changes (id);
comment on column public.feedback.resolved_change_id is 'The facility change (facility_changes.id) that resolved this report.';
create index feedback_status_idx on public.feedback (status, created_at desc);

-- A feedback row with its facility's name, version and community (feedback_inbox).
create type public.feedback_inbox_item as (
  id uuid,
  facility_id uuid,
  facility_name text,
  facility_version int,
  community_id uuid,
  kind text,
  rating int,
  comment text,
  status text,
  triaged_by uuid,
  triaged_at timestamptz,
  triage_note text,
  resolved_change_id bigint,
  created_at timestamptz
);

create or replace function public.feedback_inbox(community_id uuid default null, status text default null)
returns setof public.feedback_inbox_item
language plpgsql
stable
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  v record;
begin
  select * into v from private.viewer();
  if v.role not in ('worker', 'planner', 'admin') then
    raise exception 'not allowed: the feedback inbox is for community workers, planners and admins'
      using errcode = '42501';
  end if;
  if feedback_inbox.status is not null and feedback_inbox.status not in ('new', 'accepted', 'rejected', 'resolved') then
    perform private.invalid('status', 'must be new, accepted, rejected or resolved');
  end if;
  return query
  select fb.id, fb.facility_id, f.name, f.version, f.community_id, fb.kind, fb.rating, fb.comment, fb.status,
         fb.triaged_by, fb.triaged_at, fb.triage_note, fb.resolved_change_id, fb.created_at
  from public.feedback fb
  join public.facilities f on f.id = fb.facility_id
  where (v.role in ('planner', 'admin') or f.community_id = any (v.managed))
    and (feedback_inbox.community_id is null or f.community_id = feedback_inbox.community_id)
    and (feedback_inbox.status is null or fb.status = feedback_inbox.status)
  order by fb.created_at desc, fb.id;
end
$$;

-- The feedback row a triager acts on: readable (else not found) and on a facility the caller
-- manages (else not allowed).
create or replace function private.feedback_for_triage(feedback_id uuid)
returns public.feedback
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  fb public.feedback;
begin
  select * into fb from public.feedback x where x.id = feedback_for_triage.feedback_id;
  if not found or not (coalesce(fb.author = auth.uid(), false) or private.has_role(array['planner', 'admin'])
                       or private.manages_facility(fb.facility_id)) then
    raise exception 'feedback %: not found', feedback_id using errcode = 'P0002';
  end if;
  if not private.manages_facility(fb.facility_id) then
    raise exception 'not allowed: only the facility''s workers and admins may triage its feedback'
      using errcode = '42501';
  end if;
  return fb;
end
$$;

create or replace function public.resolve_feedback(feedback_id uuid, change_id bigint default null, note text default null)
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
  if char_length(resolve_feedback.note) > 2000 then
    perform private.invalid('feedback.triage_note', 'must be at most 2000 characters');
  end if;
  fb := private.feedback_for_triage(resolve_feedback.feedback_id);
  if resolve_feedback.change_id is not null and not exists (
    select 1 from public.facility_changes c where c.id = resolve_feedback.change_id and c.facility_id = fb.facility_id
  ) then
    perform private.invalid('feedback.resolved_change_id', format('change %s is not a change of this report''s facility', resolve_feedback.change_id));
  end if;
  update public.feedback x
  set status = 'resolved', resolved_change_id = resolve_feedback.change_id,
      triage_note = nullif(btrim(resolve_feedback.note, E' \t\r\n\u3000'), ''),
      triaged_by = auth.uid(), triaged_at = now()
  where x.id = fb.id
  returning x.* into r;
  return next r;
end
$$;

create or replace function public.dismiss_feedback(feedback_id uuid, reason text)
returns setof public.feedback
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  fb public.feedback;
  r public.feedback;
  why text := nullif(btrim(dismiss_feedback.reason, E' \t\r\n\u3000'), '');
begin
  if why is null then
    perform private.invalid('feedback.triage_note', 'required: say why the report is dismissed');
  end if;
  if char_length(why) > 2000 then
    perform private.invalid('feedback.triage_note', 'must be at most 2000 characters');
  end if;
  fb := private.feedback_for_triage(dismiss_feedback.feedback_id);
  update public.feedback x
  set status = 'rejected', triage_note = why, resolved_change_id = null,
      triaged_by = auth.uid(), triaged_at = now()
  where x.id = fb.id
  returning x.* into r;
  return next r;
end
$$;

grant execute on function public.feedback_inbox(uuid, text) to authenticated, service_role;
grant execute on function private.feedback_for_triage(uuid) to authenticated, service_role;
grant execute on function public.resolve_feedback(uuid, bigint, text) to authenticated, service_role;
grant execute on function public.dismiss_feedback(uuid, text) to authenticated, service_role;
