-- Bad input is rejected with SQLSTATE 22023 and a message that starts with the field it is
-- about ("facility.lon: …"), so the app can put the message next to that field.
create or replace function private.invalid(field text, problem text)
returns void
language plpgsql
set search_path = ''
as $$
begin
  raise exception '%: %', field, problem using errcode = '22023', column = regexp_replace(field, '^.*[.]', '');
end
$$;

create or replace function private.is_uuid(value text)
returns boolean
language sql
immutable
set search_path = ''
as $$
  select value ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
$$;

-- Optional text from a JSON object: absent/null/blank -> null, non-string -> rejected.
create or replace function private.json_text(obj jsonb, key text, field text, max_len int)
returns text
language plpgsql
immutable
set search_path = ''
as $$
declare
  v jsonb := obj -> key;
  s text;
begin
  if v is null or jsonb_typeof(v) = 'null' then
    return null;
  end if;
  if jsonb_typeof(v) <> 'string' then
    perform private.invalid(field, 'must be text');
  end if;
  s := btrim(v #>> '{}', E' \t\r\n\u3000');
  if s = '' then
    return null;
  end if;
  if char_length(s) > max_len then
    perform private.invalid(field, format('must be at most %s characters', max_len));
  end if;
  return s;
end
$$;

grant execute on function private.invalid(text, text) to anon, authenticated, service_role;
grant execute on function private.is_uuid(text) to anon, authenticated, service_role;
grant execute on function private.json_text(jsonb, text, text, int) to anon, authenticated, service_role;
