create table public.categories (
  code text primary key,
  name_zh text not null,
  name_en text not null,
  color text not null,
  icon text not null,
  default_reach_min double precision not null default 15,
  target_group text not null default 'all',
  capacity_unit text not null default 'none',
  sort_order int not null default 0,
  constraint categories_code_valid check (code ~ '^[a-z][a-z0-9_]{0,39}$'),
  constraint categories_color_valid check (color ~ '^#[0-9a-f]{6}$'),
  constraint categories_default_reach_min_valid check (default_reach_min > 0 and default_reach_min <= 120),
  constraint categories_target_group_valid check (target_group in ('all', 'elderly', 'infants')),
  constraint categories_capacity_unit_valid check (capacity_unit in ('seats', 'slots', 'm2', 'none'))
);

comment on table public.categories is 'Kinds of service a life circle should provide within reach.';
comment on column public.categories.code is 'Stable key used by the app and by facilities.category.';
comment on column public.categories.default_reach_min is 'Default reach in walking minutes (GB 50180-2018: 5/10/15-minute levels).';
comment on column public.categories.target_group is 'Whose population share counts: all, elderly (65+/60+) or infants (0-3).';
comment on column public.categories.capacity_unit is 'What facilities.capacity counts: seats, slots, m2 or none.';

alter table public.categories enable row level security;

revoke all on table public.categories from anon, authenticated;
grant select on table public.categories to anon, authenticated;
grant all on table public.categories to service_role;

create policy "Everyone can read categories"
  on public.categories for select
  to anon, authenticated
  using (true);

-- Reference data the app cannot work without; more categories are added by later migrations.
insert into public.categories (code, name_zh, name_en, color, icon, default_reach_min, target_group, capacity_unit, sort_order)
values
  ('canteen', '老年食堂·助餐点', 'Elderly canteen / meal point', '#d9480f', 'canteen', 15, 'elderly', 'seats', 1),
  ('childcare', '托育点', 'Childcare point', '#ae3ec9', 'childcare', 15, 'infants', 'slots', 2),
  ('fitness', '健身点', 'Fitness site', '#2b8a3e', 'fitness', 15, 'all', 'm2', 3),
  ('store', '便利店', 'Convenience store', '#1971c2', 'store', 15, 'all', 'none', 4)
on conflict (code) do nothing;
