-- Journeys and their map: documents (Yjs state), stages, touchpoints, personas and links.
-- Child rows carry workspace_id, tied to their parent by a composite foreign key, so RLS
-- is a plain `workspace_id in (...)` test (no joins per row) and cannot be fooled by a row
-- that claims one workspace while pointing into another.

create schema if not exists private;
revoke all on schema private from public;
comment on schema private is 'Helpers used only by migrations; not exposed to the API.';

create or replace function private.enable_content_rls(p_table regclass) returns void
language plpgsql
set search_path = ''
as $$
begin
  execute format('alter table %s enable row level security', p_table);
  execute format(
    'create policy %I on %s for select to authenticated using (workspace_id in (select public.member_workspace_ids()))',
    replace(p_table::text, 'public.', '') || '_select', p_table);
  execute format(
    'create policy %I on %s for insert to authenticated with check (workspace_id in (select public.editor_workspace_ids()))',
    replace(p_table::text, 'public.', '') || '_insert', p_table);
  execute format(
    'create policy %I on %s for update to authenticated using (workspace_id in (select public.editor_workspace_ids())) with check (workspace_id in (select public.editor_workspace_ids()))',
    replace(p_table::text, 'public.', '') || '_update', p_table);
  execute format(
    'create policy %I on %s for delete to authenticated using (workspace_id in (select public.editor_workspace_ids()))',
    replace(p_table::text, 'public.', '') || '_delete', p_table);
end
$$;
comment on function private.enable_content_rls(regclass) is 'Enables RLS on a content table with the standard four policies: members select; owners and editors insert, update, delete.';

create table public.journeys (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  name text not null check (char_length(trim(name)) between 1 and 200),
  description text not null default '' check (char_length(description) <= 5000),
  archived_at timestamptz,
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, workspace_id)
);
comment on table public.journeys is 'A customer journey map of a workspace; its canvas lives in journey_documents and is projected into stages and touchpoints.';
create index journeys_workspace_idx on public.journeys (workspace_id, updated_at desc);
create trigger journeys_touch before update on public.journeys
  for each row execute function public.touch_updated_at();

create table public.journey_documents (
  journey_id uuid primary key,
  workspace_id uuid not null,
  state bytea not null,
  updated_at timestamptz not null default now(),
  foreign key (journey_id, workspace_id) references public.journeys (id, workspace_id) on delete cascade
);
comment on table public.journey_documents is 'The Yjs document (encoded state) of a journey''s canvas, persisted by the collaboration server.';
create trigger journey_documents_touch before update on public.journey_documents
  for each row execute function public.touch_updated_at();

create table public.stages (
  id uuid primary key default gen_random_uuid(),
  journey_id uuid not null,
  workspace_id uuid not null,
  name text not null check (char_length(trim(name)) between 1 and 200),
  position integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, workspace_id),
  foreign key (journey_id, workspace_id) references public.journeys (id, workspace_id) on delete cascade
);
comment on table public.stages is 'Stages (columns) of a journey in order; projected from the journey document.';
create index stages_journey_idx on public.stages (journey_id, position);
create trigger stages_touch before update on public.stages
  for each row execute function public.touch_updated_at();

create table public.touchpoints (
  id uuid primary key default gen_random_uuid(),
  journey_id uuid not null,
  workspace_id uuid not null,
  stage_id uuid,
  name text not null check (char_length(trim(name)) between 1 and 200),
  channel text not null default 'other'
    check (channel in ('web', 'app', 'email', 'phone', 'store', 'chat', 'social', 'other')),
  description text not null default '' check (char_length(description) <= 5000),
  position integer not null default 0,
  importance real not null default 1 check (importance > 0 and importance <= 10),
  is_moment_of_truth boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, workspace_id),
  foreign key (journey_id, workspace_id) references public.journeys (id, workspace_id) on delete cascade,
  foreign key (stage_id) references public.stages (id) on delete set null
);
comment on table public.touchpoints is 'Touchpoints of a journey; id equals the canvas node id. Responses, feedback and cases attach here.';
create index touchpoints_journey_idx on public.touchpoints (journey_id, stage_id, position);
create index touchpoints_workspace_idx on public.touchpoints (workspace_id);
create trigger touchpoints_touch before update on public.touchpoints
  for each row execute function public.touch_updated_at();

create table public.personas (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  name text not null check (char_length(trim(name)) between 1 and 120),
  photo_url text check (photo_url is null or char_length(photo_url) <= 2000),
  quote text not null default '' check (char_length(quote) <= 1000),
  role text not null default '' check (char_length(role) <= 200),
  goals text[] not null default '{}',
  pains text[] not null default '{}',
  behaviours text[] not null default '{}',
  channels text[] not null default '{}',
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, workspace_id)
);
comment on table public.personas is 'The workspace''s persona library, reused across journeys.';
create index personas_workspace_idx on public.personas (workspace_id, name);
create trigger personas_touch before update on public.personas
  for each row execute function public.touch_updated_at();

create table public.journey_personas (
  journey_id uuid not null,
  persona_id uuid not null,
  workspace_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (journey_id, persona_id),
  foreign key (journey_id, workspace_id) references public.journeys (id, workspace_id) on delete cascade,
  foreign key (persona_id, workspace_id) references public.personas (id, workspace_id) on delete cascade
);
comment on table public.journey_personas is 'Which personas a journey is drawn for; projected from the persona placements on the canvas.';
create index journey_personas_persona_idx on public.journey_personas (persona_id);

select private.enable_content_rls('public.journeys');
select private.enable_content_rls('public.journey_documents');
select private.enable_content_rls('public.stages');
select private.enable_content_rls('public.touchpoints');
select private.enable_content_rls('public.personas');
select private.enable_content_rls('public.journey_personas');
