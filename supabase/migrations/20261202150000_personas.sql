-- The persona library (issue 7): the fields of a one-page persona card, tags for the gallery,
-- and where the persona's square photo is stored. Lists keep at most 30 items of at most 300
-- characters each, so a card stays a card.

create or replace function private.short_items(p_items text[], p_max_items int, p_max_chars int) returns boolean
language sql immutable parallel safe set search_path = ''
as $$
  select coalesce(cardinality(p_items), 0) <= p_max_items
     and coalesce((select bool_and(char_length(i) <= p_max_chars) from unnest(p_items) i), true)
$$;
comment on function private.short_items(text[], int, int) is
  'True when a text array has at most p_max_items items of at most p_max_chars characters (check constraints of list columns).';

alter table public.personas
  add column age_range text not null default '' check (char_length(age_range) <= 40),
  add column location text not null default '' check (char_length(location) <= 120),
  add column bio text not null default '' check (char_length(bio) <= 2000),
  add column motivations text[] not null default '{}' check (private.short_items(motivations, 30, 300)),
  add column needs text[] not null default '{}' check (private.short_items(needs, 30, 300)),
  add column tech_comfort smallint check (tech_comfort between 1 and 5),
  add column scenario text not null default '' check (char_length(scenario) <= 4000),
  add column tags text[] not null default '{}' check (private.short_items(tags, 12, 30)),
  -- <workspace>/<persona>-<version>.<ext>: the key in the embedded store or the Storage bucket.
  add column photo_key text check (photo_key ~ '^[0-9a-f-]{36}/[0-9a-f-]{36}-[0-9a-z]{1,16}\.(webp|jpg|png)$'),
  add constraint personas_goals_short check (private.short_items(goals, 30, 300)),
  add constraint personas_pains_short check (private.short_items(pains, 30, 300)),
  add constraint personas_behaviours_short check (private.short_items(behaviours, 30, 300)),
  add constraint personas_channels_short check (private.short_items(channels, 30, 300));

create index personas_tags_idx on public.personas using gin (tags);

comment on column public.personas.photo_url is 'An external photo URL (older data); a photo uploaded in the app has photo_key instead.';
comment on column public.personas.quote is 'A sentence in the persona''s own words, shown large on the card.';
comment on column public.personas.role is 'Role or occupation.';
comment on column public.personas.age_range is 'Free text such as "35-44".';
comment on column public.personas.location is 'Where the persona lives or works.';
comment on column public.personas.bio is 'A short biography (at most 2,000 characters).';
comment on column public.personas.goals is 'What the persona wants to achieve, one item each.';
comment on column public.personas.pains is 'Pains and frustrations, one item each.';
comment on column public.personas.motivations is 'What drives the persona, one item each.';
comment on column public.personas.behaviours is 'Habits and behaviours, one item each.';
comment on column public.personas.channels is 'Preferred channels, one item each.';
comment on column public.personas.needs is 'What the persona needs from the service, one item each.';
comment on column public.personas.tech_comfort is 'Comfort with technology, 1 (avoids it) to 5 (expert); null = not set.';
comment on column public.personas.scenario is 'A short scenario: the persona in a situation the journey serves.';
comment on column public.personas.tags is 'Labels for the gallery''s filters (at most 12, 30 characters each; the app lower-cases them).';
comment on column public.personas.photo_key is
  'Key of the uploaded square photo: a file under DATA_DIR/uploads/persona-photos in the local modes, an object of the private persona-photos bucket in hosted mode. Served by /w/<ws>/personas/<id>/photo to members only.';

-- Hosted mode: the private bucket the photos live in (the app reads and writes it with the
-- service role after RLS on public.personas has said yes). Local modes have no storage schema.
do $$
begin
  if to_regclass('storage.buckets') is not null then
    execute $sql$insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
      values ('persona-photos', 'persona-photos', false, 2097152, array['image/webp', 'image/jpeg', 'image/png'])
      on conflict (id) do nothing$sql$;
  end if;
end
$$;
