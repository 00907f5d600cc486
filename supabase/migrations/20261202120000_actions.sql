-- Closing the loop (issue 8): teams own touchpoints, actions are taken on hotspots, and the
-- effect of each shipped action is measured by comparing equal windows before and after it.

create table public.teams (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  name text not null check (char_length(trim(name)) between 1 and 120),
  description text not null default '' check (char_length(description) <= 1000),
  created_at timestamptz not null default now(),
  unique (id, workspace_id)
);
comment on table public.teams is 'Teams of a workspace that own touchpoints and actions (e.g. "Support hotline", "Web checkout").';
create unique index teams_name_idx on public.teams (workspace_id, lower(trim(name)));

-- Ownership lives beside the touchpoint, not in the journey document: the canvas projection
-- rewrites touchpoint rows on every store and must not clobber who owns them.
create table public.touchpoint_owners (
  touchpoint_id uuid primary key,
  workspace_id uuid not null,
  team_id uuid,
  member_id uuid references public.profiles (id) on delete set null,
  updated_at timestamptz not null default now(),
  foreign key (touchpoint_id, workspace_id) references public.touchpoints (id, workspace_id) on delete cascade,
  foreign key (team_id, workspace_id) references public.teams (id, workspace_id) on delete set null (team_id)
);
comment on table public.touchpoint_owners is 'The owning team and responsible member of a touchpoint (one row per owned touchpoint).';
create index touchpoint_owners_team_idx on public.touchpoint_owners (team_id) where team_id is not null;
create trigger touchpoint_owners_touch before update on public.touchpoint_owners
  for each row execute function public.touch_updated_at();

create table public.actions (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null,
  journey_id uuid not null,
  -- What the action is about: a touchpoint (row) or a sticky note (lives only in the journey
  -- document, so not a foreign key).
  touchpoint_id uuid,
  note_id uuid,
  title text not null check (char_length(trim(title)) between 1 and 200),
  description text not null default '' check (char_length(description) <= 5000),
  status text not null default 'proposed'
    check (status in ('proposed', 'planned', 'in_progress', 'done', 'dropped')),
  owner_id uuid references public.profiles (id) on delete set null,
  team_id uuid,
  due_on date,
  expected_metric text check (expected_metric is null or expected_metric in ('nps', 'csat', 'ces', 'frt', 'ttr')),
  expected_effect text not null default '' check (char_length(expected_effect) <= 500),
  -- The day the change reached customers; the impact windows meet here.
  shipped_on date,
  -- Order within a board column (lower first).
  rank double precision not null default extract(epoch from now()),
  created_by uuid default auth.uid() references public.profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, workspace_id),
  check (status <> 'done' or shipped_on is not null),
  foreign key (journey_id, workspace_id) references public.journeys (id, workspace_id) on delete cascade,
  foreign key (touchpoint_id, workspace_id) references public.touchpoints (id, workspace_id) on delete cascade,
  foreign key (team_id, workspace_id) references public.teams (id, workspace_id) on delete set null (team_id)
);
comment on table public.actions is 'Actions taken on a journey''s touchpoints or notes: owner, team, due date, status (proposed, planned, in_progress, done, dropped), the metric they should move and, once done, the ship date that action_impact measures from.';
create index actions_workspace_idx on public.actions (workspace_id, status, rank);
create index actions_journey_idx on public.actions (journey_id);
create index actions_touchpoint_idx on public.actions (touchpoint_id) where touchpoint_id is not null;
create trigger actions_touch before update on public.actions
  for each row execute function public.touch_updated_at();

create table public.action_events (
  id bigint generated always as identity primary key,
  workspace_id uuid not null,
  action_id uuid not null,
  kind text not null check (kind in ('created', 'status', 'comment')),
  from_status text,
  to_status text,
  body text check (body is null or char_length(trim(body)) between 1 and 5000),
  author_id uuid default auth.uid() references public.profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  check (kind <> 'comment' or body is not null),
  foreign key (action_id, workspace_id) references public.actions (id, workspace_id) on delete cascade
);
comment on table public.action_events is 'The timeline of an action: its creation and status changes (written by trigger) and members'' comments.';
create index action_events_action_idx on public.action_events (action_id, created_at);

create or replace function private.record_action_event() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    insert into public.action_events (workspace_id, action_id, kind, to_status, author_id)
    -- The seeder and integrations insert as the service role: the creator is then the author.
    values (new.workspace_id, new.id, 'created', new.status, coalesce((select auth.uid()), new.created_by));
  elsif new.status is distinct from old.status then
    insert into public.action_events (workspace_id, action_id, kind, from_status, to_status, author_id)
    values (new.workspace_id, new.id, 'status', old.status, new.status, (select auth.uid()));
  end if;
  return null;
end
$$;
comment on function private.record_action_event() is 'Trigger on actions: writes the created and status-change events of the timeline (security definer: members cannot forge them).';
create trigger actions_history after insert or update of status on public.actions
  for each row execute function private.record_action_event();

create or replace function private.guard_action() returns trigger
language plpgsql set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' and (new.workspace_id <> old.workspace_id or new.journey_id <> old.journey_id
                           or new.created_by is distinct from old.created_by or new.created_at <> old.created_at) then
    raise exception 'An action cannot move to another journey' using errcode = '42501';
  end if;
  if new.touchpoint_id is not null and not exists (
    select 1 from public.touchpoints t where t.id = new.touchpoint_id and t.journey_id = new.journey_id) then
    raise exception 'The touchpoint is not on this journey' using errcode = 'P0001';
  end if;
  if new.owner_id is not null and not exists (
    select 1 from public.workspace_members m where m.workspace_id = new.workspace_id and m.user_id = new.owner_id) then
    raise exception 'The owner must be a member of the workspace' using errcode = 'P0001';
  end if;
  return new;
end
$$;
comment on function private.guard_action() is 'Trigger on actions: keeps an action on its journey, its touchpoint on that journey and its owner a workspace member.';
create trigger actions_guard before insert or update on public.actions
  for each row execute function private.guard_action();

create or replace function private.guard_touchpoint_owner() returns trigger
language plpgsql set search_path = ''
as $$
begin
  if new.member_id is not null and not exists (
    select 1 from public.workspace_members m where m.workspace_id = new.workspace_id and m.user_id = new.member_id) then
    raise exception 'The responsible person must be a member of the workspace' using errcode = 'P0001';
  end if;
  return new;
end
$$;
comment on function private.guard_touchpoint_owner() is 'Trigger on touchpoint_owners: the responsible person is a member of the workspace.';
create trigger touchpoint_owners_guard before insert or update on public.touchpoint_owners
  for each row execute function private.guard_touchpoint_owner();

alter table public.teams enable row level security;
create policy teams_select on public.teams for select to authenticated
  using (workspace_id in (select public.member_workspace_ids()));
create policy teams_write on public.teams for all to authenticated
  using (workspace_id in (select public.editor_workspace_ids()))
  with check (workspace_id in (select public.editor_workspace_ids()));

alter table public.touchpoint_owners enable row level security;
create policy touchpoint_owners_select on public.touchpoint_owners for select to authenticated
  using (workspace_id in (select public.member_workspace_ids()));
create policy touchpoint_owners_write on public.touchpoint_owners for all to authenticated
  using (workspace_id in (select public.editor_workspace_ids()))
  with check (workspace_id in (select public.editor_workspace_ids()));

alter table public.actions enable row level security;
create policy actions_select on public.actions for select to authenticated
  using (workspace_id in (select public.member_workspace_ids()));
create policy actions_write on public.actions for all to authenticated
  using (workspace_id in (select public.editor_workspace_ids()))
  with check (workspace_id in (select public.editor_workspace_ids()));

alter table public.action_events enable row level security;
create policy action_events_select on public.action_events for select to authenticated
  using (workspace_id in (select public.member_workspace_ids()));
-- Members (viewers too) comment as themselves; created/status events come from the trigger.
create policy action_events_comment on public.action_events for insert to authenticated
  with check (workspace_id in (select public.member_workspace_ids()) and kind = 'comment' and author_id = (select auth.uid()));
create policy action_events_delete on public.action_events for delete to authenticated
  using (kind = 'comment' and (author_id = (select auth.uid()) or workspace_id in (select public.owner_workspace_ids())));

grant select, insert, update, delete on public.teams, public.touchpoint_owners, public.actions to authenticated;
grant select, insert, delete on public.action_events to authenticated;
grant all on public.teams, public.touchpoint_owners, public.actions, public.action_events to service_role;

-- ---------------------------------------------------------------------------------------------
-- Impact: difference of each metric between [ship - w, ship) and [ship, ship + w).
-- Mirrored by src/lib/domain/metrics/impact.ts step by step (the integration tests compare).

create or replace function private.nps_difference(p_p1 double precision, p_d1 double precision, p_n1 double precision,
                                                  p_p2 double precision, p_d2 double precision, p_n2 double precision)
returns table (delta double precision, low double precision, high double precision)
language sql immutable
as $$
  -- Adjusted-Wald difference of two NPS (Rocks 2016; Sauro & Lewis, Quantifying the User
  -- Experience, 2nd ed., ch. 5): each side N + 3, P + 3/4, D + 3/4; variance
  -- (p + d - (p - d)^2) / (N + 3); the interval is the adjusted difference +- z sqrt(v1 + v2).
  select 100 * ((p_p2 - p_d2) / p_n2 - (p_p1 - p_d1) / p_n1),
         100 * ((a.p2 - a.d2) - (a.p1 - a.d1) - 1.959963984540054 * sqrt(a.v1 + a.v2)),
         100 * ((a.p2 - a.d2) - (a.p1 - a.d1) + 1.959963984540054 * sqrt(a.v1 + a.v2))
  from (
    select b.p1, b.d1, b.p2, b.d2,
           (b.p1 + b.d1 - (b.p1 - b.d1) * (b.p1 - b.d1)) / (p_n1 + 3) as v1,
           (b.p2 + b.d2 - (b.p2 - b.d2) * (b.p2 - b.d2)) / (p_n2 + 3) as v2
    from (select (p_p1 + 0.75) / (p_n1 + 3) as p1, (p_d1 + 0.75) / (p_n1 + 3) as d1,
                 (p_p2 + 0.75) / (p_n2 + 3) as p2, (p_d2 + 0.75) / (p_n2 + 3) as d2) b
  ) a
  where p_n1 > 0 and p_n2 > 0
$$;
comment on function private.nps_difference(double precision, double precision, double precision, double precision, double precision, double precision) is
  'NPS after minus NPS before (points) with the adjusted-Wald 95 % interval of the difference. Mirrors npsDifference() in impact.ts.';

create or replace function private.proportion_difference(p_x1 double precision, p_n1 double precision, p_x2 double precision, p_n2 double precision)
returns table (delta double precision, low double precision, high double precision)
language sql immutable
as $$
  -- Agresti & Caffo (2000): add one success and one failure to each side, then Wald.
  select 100 * (p_x2 / p_n2 - p_x1 / p_n1),
         100 * (a.q2 - a.q1 - 1.959963984540054 * sqrt(a.q1 * (1 - a.q1) / (p_n1 + 2) + a.q2 * (1 - a.q2) / (p_n2 + 2))),
         100 * (a.q2 - a.q1 + 1.959963984540054 * sqrt(a.q1 * (1 - a.q1) / (p_n1 + 2) + a.q2 * (1 - a.q2) / (p_n2 + 2)))
  from (select (p_x1 + 1) / (p_n1 + 2) as q1, (p_x2 + 1) / (p_n2 + 2) as q2) a
  where p_n1 > 0 and p_n2 > 0
$$;
comment on function private.proportion_difference(double precision, double precision, double precision, double precision) is
  'Difference of two proportions (percentage points) with the Agresti-Caffo 95 % interval. Mirrors proportionDifference() in impact.ts.';

create or replace function private.t975_fractional(p_df double precision) returns double precision
language sql immutable
as $$
  -- Welch's df is fractional; t(0.975, df) is very nearly linear in 1/df between whole df, so
  -- interpolate the table that way (error below 1e-5 at df >= 1; above 1000 the series is flat).
  select case when p_df >= 1000 then private.t975(round(p_df)::integer)
              when p_df = floor(p_df) then private.t975(p_df::integer)
              else private.t975(floor(p_df)::integer)
                + (private.t975(floor(p_df)::integer + 1) - private.t975(floor(p_df)::integer))
                  * (1 / p_df - 1 / floor(p_df)) / (1 / (floor(p_df) + 1) - 1 / floor(p_df)) end
  where p_df >= 1
$$;
comment on function private.t975_fractional(double precision) is
  't(0.975, df) for a fractional df (Welch-Satterthwaite), interpolated in 1/df between the whole-df table values of private.t975.';

create or replace function private.welch_difference(p_n1 double precision, p_sum1 double precision, p_sq1 double precision,
                                                    p_n2 double precision, p_sum2 double precision, p_sq2 double precision)
returns table (delta double precision, low double precision, high double precision)
language sql immutable
as $$
  -- Welch (1947): difference of means, se = sqrt(s1^2/n1 + s2^2/n2), Welch-Satterthwaite df.
  select a.m2 - a.m1,
         a.m2 - a.m1 - private.t975_fractional(greatest(1, a.df)) * a.se,
         a.m2 - a.m1 + private.t975_fractional(greatest(1, a.df)) * a.se
  from (
    select b.m1, b.m2, sqrt(b.e1 + b.e2) as se,
           case when b.e1 + b.e2 = 0 then 1e6
                else (b.e1 + b.e2) * (b.e1 + b.e2) / (b.e1 * b.e1 / (p_n1 - 1) + b.e2 * b.e2 / (p_n2 - 1)) end as df
    from (
      select p_sum1 / p_n1 as m1, p_sum2 / p_n2 as m2,
             greatest(0, (p_sq1 - p_sum1 * p_sum1 / p_n1) / (p_n1 - 1)) / p_n1 as e1,
             greatest(0, (p_sq2 - p_sum2 * p_sum2 / p_n2) / (p_n2 - 1)) / p_n2 as e2
    ) b
  ) a
  where p_n1 > 1 and p_n2 > 1
$$;
comment on function private.welch_difference(double precision, double precision, double precision, double precision, double precision, double precision) is
  'Difference of two means (after minus before) with Welch''s t 95 % interval, from n, sum and sum of squares per side. Mirrors welchDifference() in impact.ts.';

create or replace function public.action_impact(p_action_id uuid, p_window_days integer default 28)
returns table (
  metric text, before_value double precision, before_n integer, after_value double precision, after_n integer,
  delta double precision, delta_low double precision, delta_high double precision, significant boolean,
  min_n integer, needed_n integer
)
language plpgsql stable
security definer
set search_path = ''
as $$
declare
  v_action public.actions;
  v_min_n integer;
  v_ship timestamptz;
  v_start timestamptz;
  v_end timestamptz;
begin
  if p_window_days is null or p_window_days not between 1 and 365 then
    raise exception 'The window must be between 1 and 365 days' using errcode = '22023';
  end if;
  -- Security definer (the difference functions live in the private schema), so membership is
  -- checked here: the same answer for a missing action and another workspace's.
  select * into v_action from public.actions a where a.id = p_action_id;
  if not found or not (auth.role() = 'service_role' or v_action.workspace_id in (select public.member_workspace_ids())) then
    raise exception 'No action % that you can read', p_action_id using errcode = 'P0002';
  end if;
  if v_action.touchpoint_id is null then
    raise exception 'This action is not on a touchpoint, so it has no metrics to compare' using errcode = 'P0001';
  end if;
  if v_action.shipped_on is null then
    raise exception 'Set the ship date first: impact compares the weeks before and after it' using errcode = 'P0001';
  end if;
  select w.metric_min_n into v_min_n from public.workspaces w where w.id = v_action.workspace_id;
  v_ship := v_action.shipped_on::timestamp at time zone 'UTC';
  v_start := v_ship - make_interval(days => p_window_days);
  v_end := v_ship + make_interval(days => p_window_days);

  return query
  with answers as (
    select r.metric as m, r.responded_at >= v_ship as after, r.score::double precision as score, r.scale_max
    from public.survey_responses r
    where r.touchpoint_id = v_action.touchpoint_id and r.responded_at >= v_start and r.responded_at < v_end
  ),
  times as (
    select 'frt'::text as m, c.opened_at >= v_ship as after,
           extract(epoch from c.first_response_at - c.opened_at) / 60 as x
    from public.service_cases c
    where c.touchpoint_id = v_action.touchpoint_id and c.opened_at >= v_start and c.opened_at < v_end and c.first_response_at is not null
    union all
    select 'ttr', c.opened_at >= v_ship, extract(epoch from c.resolved_at - c.opened_at) / 3600
    from public.service_cases c
    where c.touchpoint_id = v_action.touchpoint_id and c.opened_at >= v_start and c.opened_at < v_end and c.resolved_at is not null
  ),
  sides as (
    -- x = promoters (nps) or top-2-box answers (csat); y = detractors (nps); s, q = sum and sum of squares.
    select a.m,
           count(*) filter (where not a.after)::double precision as n1, count(*) filter (where a.after)::double precision as n2,
           count(*) filter (where not a.after and ((a.m = 'nps' and a.score >= 9) or (a.m = 'csat' and a.score >= a.scale_max - 1)))::double precision as x1,
           count(*) filter (where a.after and ((a.m = 'nps' and a.score >= 9) or (a.m = 'csat' and a.score >= a.scale_max - 1)))::double precision as x2,
           count(*) filter (where not a.after and a.m = 'nps' and a.score <= 6)::double precision as y1,
           count(*) filter (where a.after and a.m = 'nps' and a.score <= 6)::double precision as y2,
           coalesce(sum(a.score) filter (where not a.after), 0) as s1, coalesce(sum(a.score) filter (where a.after), 0) as s2,
           coalesce(sum(a.score * a.score) filter (where not a.after), 0) as q1, coalesce(sum(a.score * a.score) filter (where a.after), 0) as q2
    from answers a group by a.m
    union all
    select t.m,
           count(*) filter (where not t.after), count(*) filter (where t.after), 0, 0, 0, 0,
           coalesce(sum(t.x) filter (where not t.after), 0), coalesce(sum(t.x) filter (where t.after), 0),
           coalesce(sum(t.x * t.x) filter (where not t.after), 0), coalesce(sum(t.x * t.x) filter (where t.after), 0)
    from times t group by t.m
  ),
  measured as (
    select s.*,
           case s.m when 'nps' then 100 * (s.x1 - s.y1) / nullif(s.n1, 0) when 'csat' then 100 * s.x1 / nullif(s.n1, 0) else s.s1 / nullif(s.n1, 0) end as v1,
           case s.m when 'nps' then 100 * (s.x2 - s.y2) / nullif(s.n2, 0) when 'csat' then 100 * s.x2 / nullif(s.n2, 0) else s.s2 / nullif(s.n2, 0) end as v2,
           d.delta, d.low, d.high
    from sides s
    left join lateral (
      select * from private.nps_difference(s.x1, s.y1, s.n1, s.x2, s.y2, s.n2) where s.m = 'nps'
      union all select * from private.proportion_difference(s.x1, s.n1, s.x2, s.n2) where s.m = 'csat'
      union all select * from private.welch_difference(s.n1, s.s1, s.q1, s.n2, s.s2, s.q2) where s.m in ('ces', 'frt', 'ttr')
    ) d on true
  )
  select x.m, x.v1, x.n1::integer, x.v2, x.n2::integer,
         coalesce(x.delta, x.v2 - x.v1), x.low, x.high,
         coalesce(x.n1 >= v_min_n and x.n2 >= v_min_n and (x.low > 0 or x.high < 0), false),
         v_min_n,
         greatest(0, v_min_n - x.n2::integer)
  from measured x
  order by array_position(array['nps', 'csat', 'ces', 'frt', 'ttr'], x.m);
end
$$;
comment on function public.action_impact(uuid, integer) is
  'Impact of a shipped action: per metric with data at its touchpoint, the value and n in the p_window_days before the ship date and after it, the difference (after minus before; NPS and CSAT in points, CES in scale points, FRT in minutes, TTR in hours) with its 95 % interval (adjusted-Wald for NPS, Agresti-Caffo for CSAT, Welch''s t for CES, FRT and TTR), whether it is significant (both sides have at least min_n and the interval excludes 0), and needed_n: answers still needed after the ship date to reach min_n.';
revoke execute on function public.action_impact(uuid, integer) from public, anon;
grant execute on function public.action_impact(uuid, integer) to authenticated, service_role;

-- ---------------------------------------------------------------------------------------------
-- Stale-map guard.

alter table public.workspaces add column stale_after_weeks integer not null default 6
  check (stale_after_weeks between 1 and 104);
comment on column public.workspaces.stale_after_weeks is
  'A touchpoint that has received no survey answer, feedback or case for this many weeks is "silent"; a journey whose map was not edited for as long is going stale.';

create or replace function public.touchpoint_freshness(p_journey_id uuid)
returns table (touchpoint_id uuid, touchpoint_name text, last_data_at timestamptz, silent boolean)
language sql stable
set search_path = ''
as $$
  -- Each lateral reads one index entry (the newest row per touchpoint), so this stays cheap
  -- whatever the number of raw rows.
  select t.id, t.name,
         greatest(r.at, f.at, c.at),
         coalesce(greatest(r.at, f.at, c.at) < now() - make_interval(weeks => w.stale_after_weeks), true)
  from public.touchpoints t
  join public.workspaces w on w.id = t.workspace_id
  left join lateral (select max(x.responded_at) as at from public.survey_responses x where x.touchpoint_id = t.id) r on true
  left join lateral (select max(x.created_at) as at from public.feedback x where x.touchpoint_id = t.id) f on true
  left join lateral (select max(x.opened_at) as at from public.service_cases x where x.touchpoint_id = t.id) c on true
  where t.journey_id = p_journey_id and t.archived_at is null
  order by t.position, t.name
$$;
comment on function public.touchpoint_freshness(uuid) is
  'Per live touchpoint of a journey: when it last received evidence (survey answer, feedback or case) and whether it is silent (none for the workspace''s stale_after_weeks). RLS applies (security invoker).';
grant execute on function public.touchpoint_freshness(uuid) to authenticated, service_role;
