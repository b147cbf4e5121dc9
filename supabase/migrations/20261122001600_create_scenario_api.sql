create or replace function public.save_scenario(name text, body jsonb, scenario_id uuid default null, shared boolean default false)
returns setof public.scenarios
language plpgsql
set search_path = ''
as $$
#variable_conflict use_column
declare
  clean text := btrim(save_scenario.name, E' \t\r\n\u3000');
  cur public.scenarios;
  r public.scenarios;
begin
  if not private.has_role(array['planner', 'admin']) then
    raise exception 'not allowed: only planners and admins keep scenarios' using errcode = '42501';
  end if;
  if clean is null or clean = '' or char_length(clean) > 120 then
    perform private.invalid('scenario.name', 'required: 1-120 characters, not only spaces');
  end if;
  if save_scenario.body is null or jsonb_typeof(save_scenario.body) <> 'object' then
    perform private.invalid('scenario.body', 'must be a JSON object');
  end if;
  if save_scenario.scenario_id is null then
    insert into public.scenarios (owner, name, body, shared)
    values (auth.uid(), clean, save_scenario.body, coalesce(save_scenario.shared, false))
    returning * into r;
    return next r;
    return;
  end if;
  select * into cur from public.scenarios s where s.id = save_scenario.scenario_id;
  if not found then
    raise exception 'scenario %: not found', save_scenario.scenario_id using errcode = 'P0002';
  end if;
  if cur.owner is distinct from auth.uid() then
    raise exception 'not allowed: only its owner may change a scenario' using errcode = '42501';
  end if;
  update public.scenarios s
  set name = clean, body = save_scenario.body, shared = coalesce(save_scenario.shared, s.shared), updated_at = now()
  where s.id = cur.id
  returning s.* into r;
  return next r;
end
$$;

create or replace function public.list_scenarios()
returns setof public.scenarios
language plpgsql
stable
set search_path = ''
as $$
begin
  if not private.has_role(array['planner', 'admin']) then
    raise exception 'not allowed: only planners and admins keep scenarios' using errcode = '42501';
  end if;
  return query
  select * from public.scenarios s order by s.updated_at desc, s.id;
end
$$;

grant execute on function public.save_scenario(text, jsonb, uuid, boolean) to authenticated, service_role;
grant execute on function public.list_scenarios() to authenticated, service_role;
