-- Local bootstrap: creates what Supabase's Postgres image already provides, so the same
-- migrations and RLS policies run on the embedded PGlite database and on a plain Postgres
-- server. NEVER apply this to a hosted Supabase project (it has all of this already).
-- Idempotent: it runs on every start before the migrations.

-- Roles, with the attributes Supabase gives them. PostgREST logs in as `authenticator` (or
-- the DATABASE_URL user) and switches to the role named in the JWT for each request.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticator') then
    create role authenticator login noinherit;
  end if;
end
$$;

grant anon, authenticated, service_role to authenticator;
-- The role that runs migrations (and PostgREST in Postgres-server mode) must be able to switch
-- into the API roles, as Supabase's `postgres` role can.
do $$
begin
  execute format('grant anon, authenticated, service_role to %I', current_user);
exception when others then
  null; -- superusers (PGlite's postgres) need no grant
end
$$;

-- Supabase's default privileges: API roles reach public objects; RLS decides which rows.
grant usage on schema public to anon, authenticated, service_role;
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;

-- Schema auth: the subset of GoTrue's schema that migrations rely on.
create schema if not exists auth;
grant usage on schema auth to anon, authenticated, service_role;

create table if not exists auth.users (
  id uuid primary key default gen_random_uuid(),
  email text unique,
  encrypted_password text,
  raw_user_meta_data jsonb not null default '{}'::jsonb,
  last_sign_in_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table auth.users is 'Local stand-in for Supabase Auth users (embedded and Postgres-server modes only). encrypted_password holds an scrypt hash made by the app server.';
grant select on auth.users to service_role;

-- The same definitions Supabase uses: claims come from the JWT that PostgREST verified.
create or replace function auth.jwt() returns jsonb
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$$;
comment on function auth.jwt() is 'Claims of the JWT of the current request, as on Supabase.';

create or replace function auth.uid() returns uuid
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$$;
comment on function auth.uid() is 'User id (sub claim) of the current request, as on Supabase.';

create or replace function auth.role() returns text
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
  )::text
$$;
comment on function auth.role() is 'Role claim of the current request, as on Supabase.';

grant execute on function auth.jwt(), auth.uid(), auth.role() to anon, authenticated, service_role;

-- Local accounts: sessions and the service-only functions the app server calls (through
-- PostgREST, as service_role) to sign users up and in. Never exposed to anon/authenticated.
create schema if not exists local_auth;
revoke all on schema local_auth from public;
grant usage on schema local_auth to service_role;

create table if not exists local_auth.sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz
);
comment on table local_auth.sessions is 'Refresh sessions of local accounts; a signed refresh token names one row, sign-out revokes it.';
create index if not exists sessions_user_idx on local_auth.sessions (user_id);

create or replace function local_auth.create_user(p_email text, p_password_hash text, p_display_name text)
returns uuid
language plpgsql security definer set search_path = ''
as $$
declare
  v_id uuid;
begin
  insert into auth.users (email, encrypted_password, raw_user_meta_data)
  values (lower(trim(p_email)), p_password_hash, jsonb_build_object('display_name', p_display_name))
  returning id into v_id;
  return v_id;
end
$$;
comment on function local_auth.create_user(text, text, text) is 'Creates a local account; the password hash is computed by the app server (scrypt). Raises unique_violation for a taken email.';

create or replace function local_auth.find_user(p_email text)
returns table (id uuid, email text, password_hash text, display_name text)
language sql stable security definer set search_path = ''
as $$
  select u.id, u.email, u.encrypted_password, u.raw_user_meta_data ->> 'display_name'
  from auth.users u where u.email = lower(trim(p_email))
$$;
comment on function local_auth.find_user(text) is 'Looks up a local account by email for sign-in.';

create or replace function local_auth.start_session(p_user_id uuid, p_ttl_seconds integer)
returns uuid
language plpgsql security definer set search_path = ''
as $$
declare
  v_id uuid;
begin
  update auth.users set last_sign_in_at = now() where id = p_user_id;
  insert into local_auth.sessions (user_id, expires_at)
  values (p_user_id, now() + make_interval(secs => p_ttl_seconds))
  returning id into v_id;
  return v_id;
end
$$;
comment on function local_auth.start_session(uuid, integer) is 'Opens a refresh session after a successful sign-in.';

create or replace function local_auth.session_owner(p_session_id uuid)
returns table (user_id uuid, email text, display_name text)
language sql stable security definer set search_path = ''
as $$
  select u.id, u.email, u.raw_user_meta_data ->> 'display_name'
  from local_auth.sessions s join auth.users u on u.id = s.user_id
  where s.id = p_session_id and s.revoked_at is null and s.expires_at > now()
$$;
comment on function local_auth.session_owner(uuid) is 'The user of a live (unexpired, unrevoked) session, or no row.';

create or replace function local_auth.end_session(p_session_id uuid)
returns void
language sql security definer set search_path = ''
as $$
  update local_auth.sessions set revoked_at = now() where id = p_session_id and revoked_at is null
$$;
comment on function local_auth.end_session(uuid) is 'Revokes a session (sign-out).';

revoke all on all functions in schema local_auth from public;
grant execute on all functions in schema local_auth to service_role;

-- Migration bookkeeping, in the same table the Supabase CLI uses.
create schema if not exists supabase_migrations;
create table if not exists supabase_migrations.schema_migrations (
  version text primary key,
  name text,
  statements text[]
);
comment on table supabase_migrations.schema_migrations is 'Applied migrations (version = file timestamp), as recorded by the Supabase CLI.';
