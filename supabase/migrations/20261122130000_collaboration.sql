-- Collaboration around a journey map: comment threads on touchpoints and notes, and the
-- version history (named and automatic snapshots of the journey document).

create table public.comments (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null,
  journey_id uuid not null,
  -- The canvas node the thread is about: a touchpoint id or a note id. Notes live only in the
  -- Yjs document, so this is not a foreign key; a thread on a deleted node stays readable.
  target_id uuid not null,
  target_kind text not null check (target_kind in ('touchpoint', 'note')),
  -- null for the first comment of a thread; replies point at it.
  parent_id uuid,
  body text not null check (char_length(trim(body)) between 1 and 5000),
  -- Workspace members mentioned with @name (kept to members by the trigger below).
  mentions uuid[] not null default '{}',
  author_id uuid default auth.uid() references public.profiles (id) on delete set null,
  resolved_at timestamptz,
  resolved_by uuid references public.profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, journey_id),
  -- A thread is resolved as a whole: only its first comment carries the state.
  check (parent_id is null or resolved_at is null),
  foreign key (journey_id, workspace_id) references public.journeys (id, workspace_id) on delete cascade,
  foreign key (parent_id, journey_id) references public.comments (id, journey_id) on delete cascade
);
comment on table public.comments is 'Comment threads on a journey''s touchpoints and notes: a thread is a first comment (parent_id null, carries resolved_at) and its replies. Members (viewers too) may comment; authors edit their own words; editors resolve and reopen.';
create index comments_journey_idx on public.comments (journey_id, created_at);
create index comments_parent_idx on public.comments (parent_id) where parent_id is not null;
create trigger comments_touch before update on public.comments
  for each row execute function public.touch_updated_at();

create or replace function private.guard_comment() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_service boolean := coalesce((select auth.role()), '') = 'service_role';
begin
  if tg_op = 'UPDATE' then
    if new.workspace_id <> old.workspace_id or new.journey_id <> old.journey_id or new.target_id <> old.target_id
       or new.parent_id is distinct from old.parent_id or new.author_id is distinct from old.author_id
       or new.created_at <> old.created_at then
      raise exception 'A comment cannot be moved to another thread, node or author' using errcode = '42501';
    end if;
    if (new.body <> old.body or new.mentions <> old.mentions) and not v_service
       and old.author_id is distinct from (select auth.uid()) then
      raise exception 'Only the author can edit a comment' using errcode = '42501';
    end if;
    if new.resolved_at is distinct from old.resolved_at then
      new.resolved_by := case when new.resolved_at is null then null else (select auth.uid()) end;
    end if;
  else
    new.resolved_by := case when new.resolved_at is null then null else (select auth.uid()) end;
  end if;
  -- Mentions name members of this workspace only (no probing for other users' ids).
  new.mentions := array(
    select distinct m from unnest(new.mentions) m
    where m in (select wm.user_id from public.workspace_members wm where wm.workspace_id = new.workspace_id)
  );
  return new;
end
$$;
comment on function private.guard_comment() is 'Trigger on comments: keeps a comment in its thread, lets only its author change its words, records who resolved a thread, and keeps mentions to workspace members.';
create trigger comments_guard before insert or update on public.comments
  for each row execute function private.guard_comment();

alter table public.comments enable row level security;
create policy comments_select on public.comments for select to authenticated
  using (workspace_id in (select public.member_workspace_ids()));
create policy comments_insert on public.comments for insert to authenticated
  with check (workspace_id in (select public.member_workspace_ids()) and author_id = (select auth.uid()));
create policy comments_update on public.comments for update to authenticated
  using (workspace_id in (select public.member_workspace_ids())
         and (author_id = (select auth.uid()) or workspace_id in (select public.editor_workspace_ids())))
  with check (workspace_id in (select public.member_workspace_ids()));
create policy comments_delete on public.comments for delete to authenticated
  using (workspace_id in (select public.member_workspace_ids())
         and (author_id = (select auth.uid()) or workspace_id in (select public.owner_workspace_ids())));

create table public.journey_snapshots (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null,
  journey_id uuid not null,
  -- named: saved by a person ("before workshop"); auto: taken while editing, at most every few
  -- minutes; restore: the state just before a restore, so a restore can itself be undone.
  kind text not null check (kind in ('named', 'auto', 'restore')),
  name text not null default '' check (char_length(name) <= 120),
  state bytea not null,
  stage_count integer not null default 0 check (stage_count >= 0),
  touchpoint_count integer not null default 0 check (touchpoint_count >= 0),
  created_by uuid default auth.uid() references public.profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  check (kind <> 'named' or char_length(trim(name)) >= 1),
  foreign key (journey_id, workspace_id) references public.journeys (id, workspace_id) on delete cascade
);
comment on table public.journey_snapshots is 'Version history of a journey map: the encoded Yjs state at a point in time, named by a person or taken automatically, with who and when.';
create index journey_snapshots_journey_idx on public.journey_snapshots (journey_id, created_at desc);

select private.enable_content_rls('public.journey_snapshots');
