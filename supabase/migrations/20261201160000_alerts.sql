-- Alerts (issue 6 item 5): an in-app notifications feed for workspace members. A touchpoint that
-- becomes a hotspot, stops being one, or whose metric crosses its target is listed with the date
-- it happened; an @mention in a comment is listed for the person mentioned.
--
-- refresh_alerts(workspace) compares the current friction_hotspots / touchpoint_metrics-vs-
-- journey_targets state with the last one it stored and inserts a notification for every change.
-- The app calls it after evidence changes (imports, the ingest API, public survey answers; at most
-- once every 30 s per workspace) and when a member opens the feed. Nobody inserts notifications
-- directly: only refresh_alerts and the comment trigger below do.

-- Last known state ------------------------------------------------------------------------------

create table private.alert_runs (
  workspace_id uuid primary key references public.workspaces (id) on delete cascade,
  first_run_at timestamptz not null default now(),
  last_run_at timestamptz not null default now()
);
comment on table private.alert_runs is 'When refresh_alerts first and last ran for a workspace. No row: the next run is the first, which records the state and reports existing hotspots as found at that check.';
alter table private.alert_runs enable row level security;

create table private.alert_state (
  touchpoint_id uuid primary key references public.touchpoints (id) on delete cascade,
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  is_hotspot boolean not null,
  friction_score double precision not null,
  -- metric -> true (meets its target) | false (misses it); a metric without enough evidence is absent.
  meets jsonb not null default '{}',
  checked_at timestamptz not null default now()
);
comment on table private.alert_state is 'Last state refresh_alerts saw per touchpoint: hotspot or not, its friction score, and for each metric with enough evidence whether it meets its target. Compared with the current state to find changes.';
create index alert_state_workspace_idx on private.alert_state (workspace_id);
alter table private.alert_state enable row level security;

-- The feed ---------------------------------------------------------------------------------------

create table public.notifications (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  -- null: for every member of the workspace (hotspots, targets); set: for one person (a mention).
  recipient_id uuid references public.profiles (id) on delete cascade,
  kind text not null check (kind in ('became_hotspot', 'no_longer_hotspot', 'crossed_target', 'mention')),
  journey_id uuid,
  touchpoint_id uuid,
  comment_id uuid references public.comments (id) on delete cascade,
  -- crossed_target: which metric, which way (now meets / now misses its target), the value and the target.
  metric text check (metric in ('nps', 'csat', 'ces', 'frt', 'ttr')),
  direction text check (direction in ('met', 'missed')),
  value double precision,
  target double precision,
  friction_score double precision,
  -- true when found at the first check of the workspace: the date is when it was found, not when it started.
  first_check boolean not null default false,
  text text not null check (char_length(text) between 1 and 2000),
  happened_at timestamptz not null,
  created_at timestamptz not null default now(),
  check ((kind = 'crossed_target') = (metric is not null and direction is not null and value is not null and target is not null)),
  check (kind = 'mention' or (recipient_id is null and touchpoint_id is not null and journey_id is not null)),
  check (kind <> 'mention' or (recipient_id is not null and comment_id is not null and journey_id is not null)),
  foreign key (journey_id, workspace_id) references public.journeys (id, workspace_id) on delete cascade,
  foreign key (touchpoint_id, workspace_id) references public.touchpoints (id, workspace_id) on delete cascade
);
comment on table public.notifications is 'In-app notifications of a workspace, newest first by happened_at: a touchpoint became or stopped being a hotspot, a metric crossed its target (written by refresh_alerts), or someone was mentioned in a comment (written by a trigger on comments). Read-only for members; nobody inserts directly.';
create index notifications_feed_idx on public.notifications (workspace_id, happened_at desc, created_at desc);
create index notifications_recipient_idx on public.notifications (recipient_id) where recipient_id is not null;

alter table public.notifications enable row level security;
create policy notifications_select on public.notifications for select to authenticated
  using (workspace_id in (select public.member_workspace_ids())
         and (recipient_id is null or recipient_id = (select auth.uid())));
-- No insert, update or delete policy: refresh_alerts and the mention trigger write as definers.

create table public.notification_reads (
  notification_id uuid not null references public.notifications (id) on delete cascade,
  user_id uuid not null default auth.uid() references public.profiles (id) on delete cascade,
  read_at timestamptz not null default now(),
  primary key (notification_id, user_id)
);
comment on table public.notification_reads is 'Per-person read state of notifications: a row means that person has read it. Each person sees, adds and removes only their own rows, and only for notifications they can see.';
create index notification_reads_user_idx on public.notification_reads (user_id);

alter table public.notification_reads enable row level security;
create policy notification_reads_select on public.notification_reads for select to authenticated
  using (user_id = (select auth.uid()));
create policy notification_reads_insert on public.notification_reads for insert to authenticated
  with check (user_id = (select auth.uid()) and notification_id in (select n.id from public.notifications n));
create policy notification_reads_delete on public.notification_reads for delete to authenticated
  using (user_id = (select auth.uid()));
-- No update policy: a read is added (read) or removed (unread), never changed.

-- refresh_alerts ---------------------------------------------------------------------------------

create or replace function private.alert_metric_text(p_metric text, p_direction text, p_value double precision, p_target double precision, p_n integer)
returns text
language sql
immutable
set search_path = ''
as $$
  select case p_metric
      when 'nps' then 'NPS' when 'csat' then 'CSAT' when 'ces' then 'CES'
      when 'frt' then 'First response time' else 'Resolution time' end
    || case when p_direction = 'met' then ' now meets its target: ' else ' now misses its target: ' end
    || case p_metric
      when 'frt' then private.friction_format('int', p_value) || ' min vs target ' || private.friction_format('int', p_target) || ' min (median'
      when 'ttr' then private.friction_format('one', p_value) || ' h vs target ' || private.friction_format('one', p_target) || ' h (median'
      else private.friction_format(p_metric, p_value) || ' vs target ' || private.friction_format(p_metric, p_target) || ' ('
    end
    || case when p_metric in ('frt', 'ttr') then ', ' else '' end || 'n=' || coalesce(p_n, 0) || ')'
$$;
comment on function private.alert_metric_text(text, text, double precision, double precision, integer) is
  'Text of a crossed_target notification, e.g. "CSAT now misses its target: 72% vs target 80% (n=140)".';

create or replace function public.refresh_alerts(p_workspace_id uuid) returns integer
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_now timestamptz := now();
  v_first boolean;
  v_count integer := 0;
  v_text text;
  r record;
  m record;
begin
  if p_workspace_id is null or not (auth.role() = 'service_role' or p_workspace_id in (select public.member_workspace_ids())) then
    raise exception 'workspace not found or not readable' using errcode = '42501';
  end if;
  -- One refresh of a workspace at a time: a concurrent caller waits here, then finds the state
  -- the first one stored and inserts nothing twice.
  perform pg_advisory_xact_lock(hashtextextended('refresh_alerts ' || p_workspace_id::text, 0));
  v_first := not exists (select 1 from private.alert_runs a where a.workspace_id = p_workspace_id);

  for r in
    with cur as (
      select h.touchpoint_id, h.journey_id, h.is_hotspot, h.friction_score, h.explanation
      from public.friction_hotspots(p_workspace_id) h
    ),
    js as (select distinct c.journey_id from cur c),
    tg as (select js.journey_id, t.metric, t.target from js cross join lateral public.journey_targets(js.journey_id) t),
    vals as (
      select js.journey_id, mt.touchpoint_id, x.metric, x.value, x.n
      from js
      cross join lateral public.touchpoint_metrics(js.journey_id) mt
      cross join lateral (values
        ('nps', mt.nps, mt.nps_n), ('csat', mt.csat_pct, mt.csat_n), ('ces', mt.ces_mean, mt.ces_n),
        ('frt', mt.frt_median_minutes, mt.frt_n), ('ttr', mt.ttr_median_hours, mt.ttr_n)) x(metric, value, n)
      where x.value is not null
    ),
    meets as (
      select v.touchpoint_id,
        jsonb_object_agg(v.metric, case when v.metric in ('frt', 'ttr') then v.value <= tg.target else v.value >= tg.target end) as meets,
        jsonb_object_agg(v.metric, jsonb_build_object('value', v.value, 'target', tg.target, 'n', v.n)) as detail
      from vals v join tg on tg.journey_id = v.journey_id and tg.metric = v.metric
      group by v.touchpoint_id
    )
    select c.*, coalesce(mm.meets, '{}') as meets, coalesce(mm.detail, '{}') as detail,
      s.touchpoint_id is not null as known, s.is_hotspot as was_hotspot, s.meets as was_meets
    from cur c
    left join meets mm on mm.touchpoint_id = c.touchpoint_id
    left join private.alert_state s on s.touchpoint_id = c.touchpoint_id
  loop
    -- Hotspot or not. At the first check every existing hotspot is reported as found that day;
    -- a touchpoint seen for the first time later is compared with "not a hotspot".
    if r.is_hotspot and not coalesce(r.was_hotspot, false) then
      v_text := case when v_first
        then 'Is a hotspot (friction ' || round(r.friction_score::numeric) || '/100), found at the first check of this workspace''s alerts, so the date is when it was found, not when it started: '
        else 'Became a hotspot (friction ' || round(r.friction_score::numeric) || '/100): ' end || r.explanation;
      insert into public.notifications (workspace_id, kind, journey_id, touchpoint_id, friction_score, first_check, text, happened_at)
      values (p_workspace_id, 'became_hotspot', r.journey_id, r.touchpoint_id, r.friction_score, v_first, left(v_text, 2000), v_now);
      v_count := v_count + 1;
    elsif not r.is_hotspot and coalesce(r.was_hotspot, false) then
      insert into public.notifications (workspace_id, kind, journey_id, touchpoint_id, friction_score, text, happened_at)
      values (p_workspace_id, 'no_longer_hotspot', r.journey_id, r.touchpoint_id, r.friction_score,
        left('No longer a hotspot (friction ' || round(r.friction_score::numeric) || '/100): ' || r.explanation, 2000), v_now);
      v_count := v_count + 1;
    end if;

    -- Targets: a crossing needs a known side before and after (gaining or losing enough evidence is no crossing).
    if r.known and not v_first then
      for m in
        select k.metric, (r.meets ->> k.metric)::boolean as now_meets
        from jsonb_object_keys(r.meets) k(metric)
        where r.was_meets ? k.metric and (r.was_meets ->> k.metric)::boolean <> (r.meets ->> k.metric)::boolean
        order by array_position(array['nps', 'csat', 'ces', 'frt', 'ttr'], k.metric)
      loop
        insert into public.notifications (workspace_id, kind, journey_id, touchpoint_id, metric, direction, value, target, friction_score, text, happened_at)
        values (p_workspace_id, 'crossed_target', r.journey_id, r.touchpoint_id, m.metric,
          case when m.now_meets then 'met' else 'missed' end,
          (r.detail -> m.metric ->> 'value')::double precision, (r.detail -> m.metric ->> 'target')::double precision, r.friction_score,
          private.alert_metric_text(m.metric, case when m.now_meets then 'met' else 'missed' end,
            (r.detail -> m.metric ->> 'value')::double precision, (r.detail -> m.metric ->> 'target')::double precision,
            (r.detail -> m.metric ->> 'n')::integer),
          v_now);
        v_count := v_count + 1;
      end loop;
    end if;

    insert into private.alert_state as s (touchpoint_id, workspace_id, is_hotspot, friction_score, meets, checked_at)
    values (r.touchpoint_id, p_workspace_id, r.is_hotspot, r.friction_score, r.meets, v_now)
    on conflict (touchpoint_id) do update
      set is_hotspot = excluded.is_hotspot, friction_score = excluded.friction_score, meets = excluded.meets, checked_at = excluded.checked_at;
  end loop;

  insert into private.alert_runs as a (workspace_id, first_run_at, last_run_at) values (p_workspace_id, v_now, v_now)
  on conflict (workspace_id) do update set last_run_at = excluded.last_run_at;
  return v_count;
end
$$;
comment on function public.refresh_alerts(uuid) is
  'Public API: compares the current friction_hotspots and touchpoint_metrics-vs-journey_targets state of a workspace with the last stored one and inserts a notification for every change (became/no longer a hotspot, a metric crossing its target); returns how many. Idempotent (a second call inserts nothing); one call at a time per workspace. The first call records the state and reports existing hotspots as found that day. Members and the service role. docs/api.md.';

-- Reading the feed -------------------------------------------------------------------------------

create or replace function public.unread_notification_count(p_workspace_id uuid) returns integer
language sql
stable
set search_path = ''
as $$
  -- As the caller (RLS applies): notifications they can see without a read of their own.
  select count(*)::integer from public.notifications n
  where n.workspace_id = p_workspace_id
    and not exists (select 1 from public.notification_reads r where r.notification_id = n.id and r.user_id = (select auth.uid()))
$$;
comment on function public.unread_notification_count(uuid) is 'Public API: how many notifications of a workspace the caller can see and has not read (security invoker: RLS applies).';

create or replace function public.mark_all_notifications_read(p_workspace_id uuid) returns integer
language sql
volatile
set search_path = ''
as $$
  -- As the caller (RLS applies): a read for every notification they can see and have not read.
  with added as (
    insert into public.notification_reads (notification_id, user_id)
    select n.id, (select auth.uid()) from public.notifications n
    where n.workspace_id = p_workspace_id
    on conflict do nothing
    returning 1
  )
  select count(*)::integer from added
$$;
comment on function public.mark_all_notifications_read(uuid) is 'Public API: marks every notification of a workspace the caller can see as read by them; returns how many were newly marked (security invoker: RLS applies).';

-- Mentions ---------------------------------------------------------------------------------------

create or replace function private.notify_mentions() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_author text;
  v_touchpoint uuid;
begin
  -- The guard trigger already kept mentions to members of the workspace.
  select coalesce(nullif(trim(p.display_name), ''), p.email, 'Someone') into v_author from public.profiles p where p.id = new.author_id;
  -- Threads can be on notes (only in the canvas document) or on a touchpoint not yet projected.
  select t.id into v_touchpoint from public.touchpoints t
  where new.target_kind = 'touchpoint' and t.id = new.target_id and t.workspace_id = new.workspace_id;
  insert into public.notifications (workspace_id, recipient_id, kind, journey_id, touchpoint_id, comment_id, text, happened_at)
  select new.workspace_id, m, 'mention', new.journey_id, v_touchpoint, new.id,
    coalesce(v_author, 'Someone') || ' mentioned you: “' || case when char_length(new.body) > 280 then left(new.body, 279) || '…' else new.body end || '”',
    case when tg_op = 'INSERT' then new.created_at else now() end
  from unnest(new.mentions) m
  where m is distinct from new.author_id
    and (tg_op = 'INSERT' or not (m = any (old.mentions)));
  return null;
end
$$;
comment on function private.notify_mentions() is 'Trigger on comments: a mention notification for each member newly mentioned (not the author), with the comment''s words.';
create trigger comments_notify_mentions after insert or update of mentions on public.comments
  for each row execute function private.notify_mentions();

revoke execute on function private.alert_metric_text(text, text, double precision, double precision, integer), private.notify_mentions() from public;
revoke execute on function public.refresh_alerts(uuid), public.unread_notification_count(uuid), public.mark_all_notifications_read(uuid) from public, anon;
grant execute on function public.refresh_alerts(uuid), public.unread_notification_count(uuid), public.mark_all_notifications_read(uuid) to authenticated, service_role;
