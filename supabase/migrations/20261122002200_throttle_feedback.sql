-- Residents' reports and ratings are throttled in the database, not only in the UI: per
-- browser (a random client token the browser keeps, stored only as a SHA-256 hash; signed-in
-- users count by their user id) and per facility whoever sends them.

create table private.feedback_throttle (
  id bigint generated always as identity primary key,
  client_key text not null,
  facility_id uuid not null,
  at timestamptz not null default now()
);

comment on table private.feedback_throttle is 'One row per accepted feedback for 24 hours: who (hashed browser token or user id), on what, when.';
comment on column private.feedback_throttle.client_key is '"t:" + sha256 hex of the client token, or "u:" + the user id.';

create index feedback_throttle_client_idx on private.feedback_throttle (client_key, at);
create index feedback_throttle_facility_idx on private.feedback_throttle (facility_id, at);

revoke all on table private.feedback_throttle from public, anon, authenticated, service_role;

-- The limits, in one place (the tests read them from here).
create or replace function private.feedback_limits()
returns table (per_browser_facility_day int, per_browser_hour int, per_facility_hour int)
language sql
immutable
set search_path = ''
as $$
  select 5, 30, 60
$$;

drop function if exists public.submit_feedback(uuid, text, int, text);

create function public.submit_feedback(
  facility_id uuid,
  kind text,
  rating int default null,
  comment text default null,
  client_token text default null
)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
declare
  new_id uuid := gen_random_uuid();
  note text := nullif(btrim(submit_feedback.comment, E' \t\r\n\u3000'), '');
  me uuid := auth.uid();
  f public.facilities;
  who text;
  lim record;
  n int;
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
  if submit_feedback.client_token is not null and submit_feedback.client_token !~ '^[A-Za-z0-9_-]{16,128}$' then
    perform private.invalid('feedback.client_token', 'must be 16-128 letters, digits, - or _ (a random id the browser keeps)');
  end if;
  if me is null and submit_feedback.client_token is null then
    perform private.invalid('feedback.client_token', 'required without an account: a random id the browser keeps (16-128 letters, digits, - or _)');
  end if;
  select * into f from public.facilities x where x.id = submit_feedback.facility_id;
  if not found or not private.facility_visible(f) then
    raise exception 'facility %: not found', submit_feedback.facility_id using errcode = 'P0002';
  end if;

  who := case when me is not null then 'u:' || me::text
              else 't:' || encode(sha256(convert_to(submit_feedback.client_token, 'UTF8')), 'hex') end;
  -- One submission per facility at a time, so parallel requests cannot all pass the count.
  perform pg_advisory_xact_lock(hashtextextended('feedback:' || f.id::text, 0));
  delete from private.feedback_throttle t where t.at < now() - interval '1 day';
  select * into lim from private.feedback_limits();
  select count(*) into n from private.feedback_throttle t
  where t.client_key = who and t.facility_id = f.id and t.at > now() - interval '1 day';
  if n >= lim.per_browser_facility_day then
    raise exception 'feedback.client_token: too many reports on this facility from this browser (at most % in 24 hours); please try again tomorrow', lim.per_browser_facility_day
      using errcode = 'PT429', column = 'client_token';
  end if;
  select count(*) into n from private.feedback_throttle t
  where t.client_key = who and t.at > now() - interval '1 hour';
  if n >= lim.per_browser_hour then
    raise exception 'feedback.client_token: too many reports from this browser (at most % an hour); please try again later', lim.per_browser_hour
      using errcode = 'PT429', column = 'client_token';
  end if;
  select count(*) into n from private.feedback_throttle t
  where t.facility_id = f.id and t.at > now() - interval '1 hour';
  if n >= lim.per_facility_hour then
    raise exception 'feedback.facility_id: this facility has received too many reports in the last hour (at most %); please try again later', lim.per_facility_hour
      using errcode = 'PT429', column = 'facility_id';
  end if;

  insert into private.feedback_throttle (client_key, facility_id) values (who, f.id);
  insert into public.feedback (id, facility_id, author, kind, rating, comment)
  values (new_id, f.id, me, submit_feedback.kind, submit_feedback.rating, note);
  return new_id;
end
$$;

grant execute on function private.feedback_limits() to anon, authenticated, service_role;
grant execute on function public.submit_feedback(uuid, text, int, text, text) to anon, authenticated, service_role;
