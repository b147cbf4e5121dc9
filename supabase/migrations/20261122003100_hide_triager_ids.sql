-- Who triaged a report (feedback.triaged_by, a staff user id) is for staff, as the staff ids of
-- facilities are: the author of a report may read it, but not that column. Directly on the
-- table no API role selects it; list_feedback (run as the caller) gets it through a helper that
-- answers staff only, and feedback_inbox (staff only, run as its owner) is unchanged.

revoke select on table public.feedback from authenticated;
grant select (id, facility_id, author, kind, rating, comment, status, triaged_at, triage_note,
              resolved_change_id, created_at)
  on table public.feedback to authenticated;

-- The triager of a report, for staff who may read it (planners, admins, the workers of its
-- facility's community); null for anyone else and for rows the caller cannot read.
create or replace function private.feedback_triaged_by(feedback_id uuid)
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select fb.triaged_by
  from public.feedback fb
  where fb.id = feedback_triaged_by.feedback_id
    and ((select private.has_role(array['planner', 'admin'])) or private.manages_facility(fb.facility_id))
$$;

create or replace function public.list_feedback(community_id uuid default null, status text default null)
returns setof public.feedback_item
language sql
stable
set search_path = ''
as $$
  select fb.id, fb.facility_id, f.name, f.community_id, fb.author, fb.kind, fb.rating, fb.comment, fb.status,
         private.feedback_triaged_by(fb.id), fb.triaged_at, fb.triage_note, fb.created_at
  from public.feedback fb
  join public.facilities f on f.id = fb.facility_id
  where (list_feedback.community_id is null or f.community_id = list_feedback.community_id)
    and (list_feedback.status is null or fb.status = list_feedback.status)
  order by fb.created_at desc, fb.id
$$;

revoke execute on function private.feedback_triaged_by(uuid) from public;
grant execute on function private.feedback_triaged_by(uuid) to authenticated, service_role;
