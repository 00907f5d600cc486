-- Workspaces, members, invitations and profiles; the membership helpers every policy uses.
-- Roles: owner (manages members, deletes the workspace), editor (writes content), viewer (reads).

create or replace function public.touch_updated_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end
$$;
comment on function public.touch_updated_at() is 'Trigger: keeps updated_at current on every update.';

create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  email text not null,
  display_name text not null default '' check (char_length(display_name) <= 120),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.profiles is 'Public face of a user (email, display name), created from auth.users by trigger; visible to people who share a workspace.';
create index profiles_email_idx on public.profiles (lower(email));
create trigger profiles_touch before update on public.profiles
  for each row execute function public.touch_updated_at();

create table public.workspaces (
  id uuid primary key default gen_random_uuid(),
  name text not null check (char_length(trim(name)) between 1 and 120),
  created_by uuid not null default auth.uid() references auth.users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.workspaces is 'A team''s space: journeys, personas and data belong to exactly one workspace.';
create trigger workspaces_touch before update on public.workspaces
  for each row execute function public.touch_updated_at();

create table public.workspace_members (
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  -- References the profile (itself tied to auth.users) so the API can embed member profiles.
  user_id uuid not null references public.profiles (id) on delete cascade,
  role text not null check (role in ('owner', 'editor', 'viewer')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (workspace_id, user_id)
);
comment on table public.workspace_members is 'Who belongs to a workspace and with which role (owner | editor | viewer).';
create index workspace_members_user_idx on public.workspace_members (user_id);
create trigger workspace_members_touch before update on public.workspace_members
  for each row execute function public.touch_updated_at();

create table public.workspace_invitations (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  email text not null check (email ~ '^[^@\s]+@[^@\s]+$'),
  role text not null check (role in ('owner', 'editor', 'viewer')),
  invited_by uuid not null default auth.uid() references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  unique (workspace_id, email)
);
comment on table public.workspace_invitations is 'Pending invitations by email; accepted automatically when a user with that email signs up.';

-- Membership helpers. security definer so policies can read workspace_members without
-- recursing into its own RLS; search_path pinned so no one can shadow the tables.
create or replace function public.member_workspace_ids() returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select workspace_id from public.workspace_members where user_id = (select auth.uid())
$$;
comment on function public.member_workspace_ids() is 'Workspaces the current user belongs to (any role). Used by every read policy as `workspace_id in (select ...)`, evaluated once per query.';

create or replace function public.editor_workspace_ids() returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select workspace_id from public.workspace_members
  where user_id = (select auth.uid()) and role in ('owner', 'editor')
$$;
comment on function public.editor_workspace_ids() is 'Workspaces where the current user may write content (owner or editor).';

create or replace function public.owner_workspace_ids() returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select workspace_id from public.workspace_members
  where user_id = (select auth.uid()) and role = 'owner'
$$;
comment on function public.owner_workspace_ids() is 'Workspaces the current user owns (may manage members and delete).';

create or replace function public.shares_workspace_with(p_user_id uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.workspace_members mine
    join public.workspace_members theirs on theirs.workspace_id = mine.workspace_id
    where mine.user_id = (select auth.uid()) and theirs.user_id = p_user_id
  )
$$;
comment on function public.shares_workspace_with(uuid) is 'True when the current user and p_user_id are members of a common workspace.';

-- A new auth user gets a profile and every pending invitation to their email.
create or replace function public.handle_new_user() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  insert into public.profiles (id, email, display_name)
  values (new.id, new.email, coalesce(new.raw_user_meta_data ->> 'display_name', split_part(new.email, '@', 1)));

  insert into public.workspace_members (workspace_id, user_id, role)
  select i.workspace_id, new.id, i.role from public.workspace_invitations i
  where lower(i.email) = lower(new.email)
  on conflict do nothing;
  delete from public.workspace_invitations where lower(email) = lower(new.email);
  return new;
end
$$;
comment on function public.handle_new_user() is 'Trigger on auth.users: creates the profile and accepts pending invitations.';
create trigger on_auth_user_created after insert on auth.users
  for each row execute function public.handle_new_user();

-- The creator of a workspace becomes its owner, in the same statement.
create or replace function public.handle_new_workspace() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  insert into public.workspace_members (workspace_id, user_id, role) values (new.id, new.created_by, 'owner');
  return new;
end
$$;
comment on function public.handle_new_workspace() is 'Trigger on workspaces: makes the creator its owner.';
create trigger on_workspace_created after insert on public.workspaces
  for each row execute function public.handle_new_workspace();

-- A workspace always keeps at least one owner.
create or replace function public.keep_one_owner() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if old.role = 'owner'
     and (tg_op = 'DELETE' or new.role <> 'owner')
     and exists (select 1 from public.workspaces w where w.id = old.workspace_id)
     and not exists (
       select 1 from public.workspace_members m
       where m.workspace_id = old.workspace_id and m.role = 'owner' and m.user_id <> old.user_id
     ) then
    raise exception 'A workspace needs at least one owner: make someone else owner first'
      using errcode = 'P0001';
  end if;
  return case when tg_op = 'DELETE' then old else new end;
end
$$;
comment on function public.keep_one_owner() is 'Trigger on workspace_members: refuses to remove or demote the last owner (unless the workspace itself is being deleted).';
create trigger workspace_members_keep_owner before update or delete on public.workspace_members
  for each row execute function public.keep_one_owner();

create or replace function public.create_workspace(p_name text) returns public.workspaces
language plpgsql security definer set search_path = ''
as $$
declare
  v_row public.workspaces;
begin
  if (select auth.uid()) is null then
    raise exception 'Sign in to create a workspace' using errcode = '42501';
  end if;
  insert into public.workspaces (name, created_by) values (trim(p_name), (select auth.uid()))
  returning * into v_row;
  return v_row;
end
$$;
comment on function public.create_workspace(text) is 'Creates a workspace owned by the caller and returns it. security definer because INSERT ... RETURNING checks the select policy before the owner row (added by trigger) exists.';

create or replace function public.invite_member(p_workspace_id uuid, p_email text, p_role text)
returns text
language plpgsql security definer set search_path = ''
as $$
declare
  v_user uuid;
begin
  if p_workspace_id not in (select public.owner_workspace_ids()) then
    raise exception 'Only an owner can invite members' using errcode = '42501';
  end if;
  if p_role not in ('owner', 'editor', 'viewer') then
    raise exception 'Role must be owner, editor or viewer' using errcode = '22023';
  end if;
  select id into v_user from public.profiles where lower(email) = lower(trim(p_email));
  if v_user is not null then
    if exists (select 1 from public.workspace_members where workspace_id = p_workspace_id and user_id = v_user) then
      return 'member';
    end if;
    insert into public.workspace_members (workspace_id, user_id, role) values (p_workspace_id, v_user, p_role);
    return 'added';
  end if;
  insert into public.workspace_invitations (workspace_id, email, role)
  values (p_workspace_id, lower(trim(p_email)), p_role)
  on conflict (workspace_id, email) do update set role = excluded.role;
  return 'invited';
end
$$;
comment on function public.invite_member(uuid, text, text) is 'Owner-only: adds an existing user by email, or records (or updates the role of) an invitation accepted at sign-up. Returns added | invited | member (already in the workspace; nothing changed).';

alter table public.profiles enable row level security;
alter table public.workspaces enable row level security;
alter table public.workspace_members enable row level security;
alter table public.workspace_invitations enable row level security;

-- profiles: no insert/delete policy (rows come and go with auth.users).
create policy profiles_select on public.profiles for select to authenticated
  using (id = (select auth.uid()) or public.shares_workspace_with(id));
create policy profiles_update on public.profiles for update to authenticated
  using (id = (select auth.uid())) with check (id = (select auth.uid()));

create policy workspaces_select on public.workspaces for select to authenticated
  using (id in (select public.member_workspace_ids()));
create policy workspaces_insert on public.workspaces for insert to authenticated
  with check (created_by = (select auth.uid()));
create policy workspaces_update on public.workspaces for update to authenticated
  using (id in (select public.owner_workspace_ids())) with check (id in (select public.owner_workspace_ids()));
create policy workspaces_delete on public.workspaces for delete to authenticated
  using (id in (select public.owner_workspace_ids()));

create policy workspace_members_select on public.workspace_members for select to authenticated
  using (workspace_id in (select public.member_workspace_ids()));
create policy workspace_members_insert on public.workspace_members for insert to authenticated
  with check (workspace_id in (select public.owner_workspace_ids()));
create policy workspace_members_update on public.workspace_members for update to authenticated
  using (workspace_id in (select public.owner_workspace_ids()))
  with check (workspace_id in (select public.owner_workspace_ids()));
-- Owners remove anyone; every member may remove themselves (leave).
create policy workspace_members_delete on public.workspace_members for delete to authenticated
  using (workspace_id in (select public.owner_workspace_ids()) or user_id = (select auth.uid()));

create policy workspace_invitations_select on public.workspace_invitations for select to authenticated
  using (workspace_id in (select public.owner_workspace_ids()));
create policy workspace_invitations_insert on public.workspace_invitations for insert to authenticated
  with check (workspace_id in (select public.owner_workspace_ids()));
create policy workspace_invitations_update on public.workspace_invitations for update to authenticated
  using (workspace_id in (select public.owner_workspace_ids()))
  with check (workspace_id in (select public.owner_workspace_ids()));
create policy workspace_invitations_delete on public.workspace_invitations for delete to authenticated
  using (workspace_id in (select public.owner_workspace_ids()));
