-- Workshop tools on a journey (issue 7 item 4): dot-voting rounds and a countdown timer that
-- everyone on the journey sees. Facilitators (owners and editors) run them through the RPCs
-- below; every member (viewers too) votes. Before a round is revealed a member reads only their
-- own votes (and how many people have voted); after the reveal the whole workspace reads all.

create table public.vote_rounds (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null,
  journey_id uuid not null,
  -- N: how many dots each participant may place in this round.
  votes_per_person integer not null check (votes_per_person between 1 and 20),
  -- true: several of one person's dots may go on the same item; false: at most one per item.
  allow_stacking boolean not null default true,
  started_by uuid default auth.uid() references public.profiles (id) on delete set null,
  started_at timestamptz not null default now(),
  -- Voting stops and everyone sees the counts once this is set.
  revealed_at timestamptz,
  -- The round is over (taken off the canvas); its votes stay for the record.
  closed_at timestamptz,
  check (revealed_at is null or revealed_at >= started_at),
  check (closed_at is null or closed_at >= started_at),
  foreign key (journey_id, workspace_id) references public.journeys (id, workspace_id) on delete cascade
);
comment on table public.vote_rounds is 'Dot-voting rounds on a journey: N votes per participant, optionally several on one item; open until revealed, shown until closed. At most one live (unclosed) round per journey. Written only through start_vote_round / reveal_vote_round / close_vote_round.';
comment on column public.vote_rounds.votes_per_person is 'N: the dots each participant may place in the round (1-20).';
comment on column public.vote_rounds.allow_stacking is 'Whether one participant may put several dots on the same touchpoint or note.';
create unique index vote_rounds_one_live_idx on public.vote_rounds (journey_id) where closed_at is null;
comment on index public.vote_rounds_one_live_idx is 'At most one live (not closed) voting round per journey.';
create index vote_rounds_journey_idx on public.vote_rounds (journey_id, started_at desc);

create table public.votes (
  id uuid primary key default gen_random_uuid(),
  round_id uuid not null references public.vote_rounds (id) on delete cascade,
  -- Copied from the round by the trigger (never trusted from the client); read policies use it.
  workspace_id uuid not null,
  journey_id uuid not null,
  voter_id uuid not null default auth.uid() references public.profiles (id) on delete cascade,
  -- The canvas node voted for: a touchpoint id or a note id. Notes live only in the Yjs
  -- document, so this is not a foreign key.
  node_id uuid not null,
  node_kind text not null check (node_kind in ('touchpoint', 'note')),
  created_at timestamptz not null default now()
);
comment on table public.votes is 'One dot placed by a participant in a voting round on a touchpoint or note. Before the reveal a member reads only their own; after it, every member of the workspace reads all. Inserted by the voter as themselves while the round is open, at most N per voter (enforced race-safe by private.guard_vote).';
create index votes_round_voter_idx on public.votes (round_id, voter_id);

create or replace function private.guard_vote() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  v_round public.vote_rounds;
  v_used integer;
  v_on_node integer;
begin
  -- FOR SHARE: a reveal or close (an UPDATE of the round) waits for this vote to commit, and a
  -- vote that starts after a reveal sees it, so no dot lands after the results are shown.
  select * into v_round from public.vote_rounds where id = new.round_id for share;
  -- (The service role, for seeding and tests, has no membership and is not checked here.)
  if not found or (coalesce((select auth.role()), '') <> 'service_role'
                   and v_round.workspace_id not in (select public.member_workspace_ids())) then
    raise exception 'You cannot vote in this round' using errcode = '42501';
  end if;
  if v_round.revealed_at is not null or v_round.closed_at is not null then
    raise exception 'This voting round is not open' using errcode = 'P0001';
  end if;
  new.workspace_id := v_round.workspace_id;
  new.journey_id := v_round.journey_id;
  -- One voter's inserts run one at a time (per round), so the count below sees the others'
  -- committed dots: N holds under concurrent inserts (read committed takes a new snapshot per
  -- statement, after the lock is granted).
  perform pg_advisory_xact_lock(hashtextextended('vote:' || new.round_id::text || ':' || new.voter_id::text, 0));
  select count(*), count(*) filter (where node_id = new.node_id) into v_used, v_on_node
  from public.votes where round_id = new.round_id and voter_id = new.voter_id;
  if v_used >= v_round.votes_per_person then
    raise exception 'You have used all % of your votes in this round', v_round.votes_per_person using errcode = 'P0001';
  end if;
  if not v_round.allow_stacking and v_on_node > 0 then
    raise exception 'One vote per item in this round' using errcode = 'P0001';
  end if;
  return new;
end
$$;
comment on function private.guard_vote() is 'Trigger on votes: only while the round is open (locks the round row for share against a concurrent reveal), copies workspace and journey from the round, and keeps each voter to N dots (and to one per item when the round does not allow stacking) under a per-voter advisory lock.';
create trigger votes_guard before insert on public.votes
  for each row execute function private.guard_vote();

alter table public.vote_rounds enable row level security;
create policy vote_rounds_select on public.vote_rounds for select to authenticated
  using (workspace_id in (select public.member_workspace_ids()));

alter table public.votes enable row level security;
-- Own votes always; everyone's once the round is revealed.
create policy votes_select on public.votes for select to authenticated
  using (workspace_id in (select public.member_workspace_ids())
         and (voter_id = (select auth.uid())
              or round_id in (select r.id from public.vote_rounds r where r.revealed_at is not null)));
-- Members (viewers too) vote as themselves in an open round of a journey they can read.
create policy votes_insert on public.votes for insert to authenticated
  with check (voter_id = (select auth.uid())
              and round_id in (select r.id from public.vote_rounds r
                               where r.revealed_at is null and r.closed_at is null
                                 and r.workspace_id in (select public.member_workspace_ids())));
-- A voter takes back their own dots while the round is open.
create policy votes_delete on public.votes for delete to authenticated
  using (voter_id = (select auth.uid())
         and round_id in (select r.id from public.vote_rounds r where r.revealed_at is null and r.closed_at is null));

grant select on public.vote_rounds to authenticated;
grant select, insert, delete on public.votes to authenticated;
grant all on public.vote_rounds, public.votes to service_role;

create table public.workshop_timers (
  journey_id uuid primary key,
  workspace_id uuid not null,
  -- What the facilitator asked for (shown as "of 5:00").
  duration_seconds integer not null check (duration_seconds between 1 and 5999),
  -- Running: when it reaches zero (clients count down to it locally, no per-second traffic).
  ends_at timestamptz,
  -- Paused: what was left when it was paused.
  paused_remaining_ms integer check (paused_remaining_ms between 0 and 5999000),
  started_by uuid default auth.uid() references public.profiles (id) on delete set null,
  updated_at timestamptz not null default now(),
  -- Exactly one of the two: running or paused. A stopped timer has no row.
  check ((ends_at is null) <> (paused_remaining_ms is null)),
  foreign key (journey_id, workspace_id) references public.journeys (id, workspace_id) on delete cascade
);
comment on table public.workshop_timers is 'The countdown timer of a journey''s workshop session, one per journey: running (ends_at) or paused (paused_remaining_ms); no row when stopped. Members read it; facilitators write it through start/pause/resume/stop_workshop_timer.';
alter table public.workshop_timers enable row level security;
create policy workshop_timers_select on public.workshop_timers for select to authenticated
  using (workspace_id in (select public.member_workspace_ids()));
grant select on public.workshop_timers to authenticated;
grant all on public.workshop_timers to service_role;

create or replace function private.facilitated_journey(p_journey_id uuid) returns uuid
language plpgsql stable security definer set search_path = ''
as $$
declare
  v_workspace uuid;
begin
  select j.workspace_id into v_workspace from public.journeys j where j.id = p_journey_id;
  if v_workspace is null or v_workspace not in (select public.member_workspace_ids()) then
    raise exception 'No journey % that you can read', p_journey_id using errcode = 'P0002';
  end if;
  if v_workspace not in (select public.editor_workspace_ids()) then
    raise exception 'Only editors and owners can run a workshop' using errcode = '42501';
  end if;
  return v_workspace;
end
$$;
comment on function private.facilitated_journey(uuid) is 'The workspace of a journey the current user may facilitate (owner or editor); raises P0002 for a journey they cannot read and 42501 for a viewer.';

create or replace function public.start_vote_round(p_journey_id uuid, p_votes_per_person integer, p_allow_stacking boolean default true)
returns uuid
language plpgsql security definer set search_path = ''
as $$
declare
  v_workspace uuid := private.facilitated_journey(p_journey_id);
  v_id uuid;
begin
  if p_votes_per_person is null or p_votes_per_person not between 1 and 20 then
    raise exception 'Give each person between 1 and 20 votes' using errcode = '22023';
  end if;
  if exists (select 1 from public.vote_rounds where journey_id = p_journey_id and closed_at is null) then
    raise exception 'A voting round is already running on this journey: close it first' using errcode = 'P0001';
  end if;
  insert into public.vote_rounds (workspace_id, journey_id, votes_per_person, allow_stacking, started_by)
  values (v_workspace, p_journey_id, p_votes_per_person, coalesce(p_allow_stacking, true), (select auth.uid()))
  returning id into v_id;
  return v_id;
end
$$;
comment on function public.start_vote_round(uuid, integer, boolean) is 'Starts a dot-voting round on a journey (owners and editors): N votes per participant, stacking on one item allowed or not. Refused while another round on the journey is not closed. Returns the round id.';

create or replace function public.reveal_vote_round(p_round_id uuid) returns void
language plpgsql security definer set search_path = ''
as $$
declare
  v_journey uuid;
begin
  select journey_id into v_journey from public.vote_rounds where id = p_round_id;
  perform private.facilitated_journey(v_journey);
  update public.vote_rounds set revealed_at = now()
  where id = p_round_id and revealed_at is null and closed_at is null;
  if not found then raise exception 'This round is not open' using errcode = 'P0001'; end if;
end
$$;
comment on function public.reveal_vote_round(uuid) is 'Ends voting in a round and shows everyone all votes (owners and editors). Waits for votes being placed at that moment (they lock the round for share).';

create or replace function public.close_vote_round(p_round_id uuid) returns void
language plpgsql security definer set search_path = ''
as $$
declare
  v_journey uuid;
begin
  select journey_id into v_journey from public.vote_rounds where id = p_round_id;
  perform private.facilitated_journey(v_journey);
  update public.vote_rounds set closed_at = now() where id = p_round_id and closed_at is null;
end
$$;
comment on function public.close_vote_round(uuid) is 'Takes a round off the canvas (owners and editors); an unrevealed round stays hidden for good. The votes are kept.';

create or replace function public.vote_round_voters(p_round_id uuid) returns integer
language sql stable security definer set search_path = ''
as $$
  select count(distinct v.voter_id)::integer from public.votes v
  where v.round_id = p_round_id and v.workspace_id in (select public.member_workspace_ids())
$$;
comment on function public.vote_round_voters(uuid) is 'How many people have placed at least one vote in a round (for members of its workspace; 0 otherwise). Says nothing about who or where before the reveal.';

create or replace function public.start_workshop_timer(p_journey_id uuid, p_seconds integer) returns void
language plpgsql security definer set search_path = ''
as $$
declare
  v_workspace uuid := private.facilitated_journey(p_journey_id);
begin
  if p_seconds is null or p_seconds not between 1 and 5999 then
    raise exception 'The timer runs from 1 second to 99:59' using errcode = '22023';
  end if;
  insert into public.workshop_timers (journey_id, workspace_id, duration_seconds, ends_at, paused_remaining_ms, started_by)
  values (p_journey_id, v_workspace, p_seconds, now() + make_interval(secs => p_seconds), null, (select auth.uid()))
  on conflict (journey_id) do update set duration_seconds = excluded.duration_seconds, ends_at = excluded.ends_at,
    paused_remaining_ms = null, started_by = excluded.started_by, updated_at = now();
end
$$;
comment on function public.start_workshop_timer(uuid, integer) is 'Starts (or restarts) the journey''s countdown at p_seconds (owners and editors).';

create or replace function public.pause_workshop_timer(p_journey_id uuid) returns void
language plpgsql security definer set search_path = ''
as $$
begin
  perform private.facilitated_journey(p_journey_id);
  update public.workshop_timers
  set paused_remaining_ms = greatest(0, least(5999000, ceil(extract(epoch from (ends_at - now())) * 1000)::integer)),
      ends_at = null, updated_at = now()
  where journey_id = p_journey_id and ends_at is not null;
end
$$;
comment on function public.pause_workshop_timer(uuid) is 'Pauses a running countdown, keeping what is left (owners and editors). No-op when not running.';

create or replace function public.resume_workshop_timer(p_journey_id uuid) returns void
language plpgsql security definer set search_path = ''
as $$
begin
  perform private.facilitated_journey(p_journey_id);
  update public.workshop_timers
  set ends_at = now() + make_interval(secs => paused_remaining_ms / 1000.0), paused_remaining_ms = null, updated_at = now()
  where journey_id = p_journey_id and paused_remaining_ms is not null;
end
$$;
comment on function public.resume_workshop_timer(uuid) is 'Resumes a paused countdown from what was left (owners and editors). No-op when not paused.';

create or replace function public.stop_workshop_timer(p_journey_id uuid) returns void
language plpgsql security definer set search_path = ''
as $$
begin
  perform private.facilitated_journey(p_journey_id);
  delete from public.workshop_timers where journey_id = p_journey_id;
end
$$;
comment on function public.stop_workshop_timer(uuid) is 'Stops and removes the journey''s countdown (owners and editors).';

create or replace function public.workshop_state(p_journey_id uuid) returns jsonb
language sql stable security invoker set search_path = ''
as $$
  with round as (
    select r.* from public.vote_rounds r where r.journey_id = p_journey_id and r.closed_at is null
  )
  select jsonb_build_object(
    'now', now(),
    'round', (select jsonb_build_object('id', r.id, 'votes_per_person', r.votes_per_person, 'allow_stacking', r.allow_stacking,
                                        'started_by', r.started_by, 'started_at', r.started_at, 'revealed_at', r.revealed_at) from round r),
    'voters', coalesce((select public.vote_round_voters(r.id) from round r), 0),
    -- Under the caller's RLS: their own votes before the reveal, everyone's after it.
    'votes', coalesce((select jsonb_agg(jsonb_build_object('node_id', v.node_id, 'node_kind', v.node_kind, 'voter_id', v.voter_id) order by v.created_at)
                       from public.votes v join round r on r.id = v.round_id), '[]'::jsonb),
    'timer', (select jsonb_build_object('duration_seconds', t.duration_seconds, 'ends_at', t.ends_at, 'paused_remaining_ms', t.paused_remaining_ms)
              from public.workshop_timers t where t.journey_id = p_journey_id)
  )
$$;
comment on function public.workshop_state(uuid) is 'What the canvas shows of a journey''s workshop in one call, read under the caller''s RLS: the live round, how many have voted, the votes the caller may see (own before the reveal, all after), the timer, and the server''s clock (clients count down against it).';

revoke execute on function public.start_vote_round(uuid, integer, boolean), public.reveal_vote_round(uuid), public.close_vote_round(uuid),
  public.vote_round_voters(uuid), public.start_workshop_timer(uuid, integer), public.pause_workshop_timer(uuid),
  public.resume_workshop_timer(uuid), public.stop_workshop_timer(uuid), public.workshop_state(uuid) from public, anon;
grant execute on function public.start_vote_round(uuid, integer, boolean), public.reveal_vote_round(uuid), public.close_vote_round(uuid),
  public.vote_round_voters(uuid), public.start_workshop_timer(uuid, integer), public.pause_workshop_timer(uuid),
  public.resume_workshop_timer(uuid), public.stop_workshop_timer(uuid), public.workshop_state(uuid) to authenticated, service_role;
revoke execute on function private.guard_vote(), private.facilitated_journey(uuid) from public, anon;
