create table public.feedback (
  id uuid primary key default gen_random_uuid(),
  facility_id uuid not null references public.facilities (id),
  author uuid,
  kind text not null,
  rating int,
  comment text,
  status text not null default 'new',
  triaged_by uuid,
  triaged_at timestamptz,
  triage_note text,
  created_at timestamptz not null default now(),
  constraint feedback_kind_valid check (kind in ('wrong_info', 'closed', 'rating', 'other')),
  constraint feedback_rating_valid check (rating is null or rating between 1 and 5),
  constraint feedback_rating_required check (kind <> 'rating' or rating is not null),
  constraint feedback_comment_valid check (comment is null or char_length(comment) <= 2000),
  constraint feedback_status_valid check (status in ('new', 'accepted', 'rejected', 'resolved')),
  constraint feedback_triage_note_valid check (triage_note is null or char_length(triage_note) <= 2000)
);

comment on table public.feedback is 'Residents'' reports and ratings (好差评) on a facility, triaged by its community''s workers.';
comment on column public.feedback.author is 'auth.uid() of the resident; null when anonymous.';
comment on column public.feedback.kind is 'wrong_info, closed, rating or other.';
comment on column public.feedback.rating is '1-5 stars, required when kind = rating.';
comment on column public.feedback.status is 'new, accepted, rejected or resolved.';

create index feedback_facility_id_idx on public.feedback (facility_id);
create index feedback_author_idx on public.feedback (author);

alter table public.feedback enable row level security;

revoke all on table public.feedback from anon, authenticated;
-- Reporters write only what they report; triagers change only the triage columns.
grant insert (id, facility_id, author, kind, rating, comment) on table public.feedback to anon;
grant select on table public.feedback to authenticated;
grant insert (id, facility_id, author, kind, rating, comment) on table public.feedback to authenticated;
grant update (status, triaged_by, triaged_at, triage_note) on table public.feedback to authenticated;
grant select, insert, update on table public.feedback to service_role;

create policy "Anyone can report on a published facility anonymously"
  on public.feedback for insert
  to anon
  with check (
    author is null and status = 'new' and triaged_by is null
    and exists (select 1 from public.facilities f where f.id = facility_id)
  );

create policy "Signed-in users can report on a facility as themselves"
  on public.feedback for insert
  to authenticated
  with check (
    author = (select auth.uid()) and status = 'new' and triaged_by is null
    and exists (select 1 from public.facilities f where f.id = facility_id)
  );

create policy "Authors, workers, planners and admins can read feedback"
  on public.feedback for select
  to authenticated
  using (
    author = (select auth.uid())
    or (select private.has_role(array['planner', 'admin']))
    or private.manages_facility(facility_id)
  );

create policy "The facility's workers and admins can triage feedback"
  on public.feedback for update
  to authenticated
  using (private.manages_facility(facility_id))
  with check (private.manages_facility(facility_id));
