create table public.profiles (
  user_id uuid primary key references auth.users (id) on delete cascade,
  display_name text,
  role text not null default 'resident',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint profiles_role_valid check (role in ('resident', 'worker', 'planner', 'admin')),
  constraint profiles_display_name_valid check (display_name is null or char_length(display_name) <= 120)
);

create table public.community_assignments (
  user_id uuid not null references public.profiles (user_id) on delete cascade,
  community_id uuid not null references public.communities (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (user_id, community_id)
);

comment on table public.profiles is 'App role per user; a signed-in user without a row is a resident.';
comment on column public.profiles.role is 'resident, worker (edits assigned communities), planner (reads all, scenarios) or admin.';
comment on table public.community_assignments is 'Which communities a worker keeps the facility records of.';

create index community_assignments_community_id_idx on public.community_assignments (community_id);

alter table public.profiles enable row level security;
alter table public.community_assignments enable row level security;

revoke all on table public.profiles from anon, authenticated;
revoke all on table public.community_assignments from anon, authenticated;
grant select on table public.profiles to authenticated;
grant insert (user_id, display_name, role) on table public.profiles to authenticated;
grant update (display_name, role, updated_at) on table public.profiles to authenticated;
grant select, insert, delete on table public.community_assignments to authenticated;
grant all on table public.profiles to service_role;
grant all on table public.community_assignments to service_role;
