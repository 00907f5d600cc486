-- Survey metrics (issue 5), exactly as DESIGN.md §4 defines them, computed next to the data.
--
--   private.response_rollups  counts per score value per touchpoint, metric, scale, UTC day and
--                             segment, kept exact by statement-level triggers on
--                             survey_responses (insert, update, delete: imports, undo, the
--                             ingest API and the public survey all pass through them);
--   private.response_counts   the score counts of a period: whole days from the rollups, the
--                             partial days at either end from the raw rows, so any timestamptz
--                             range is exact while the cost grows with touchpoints x days;
--   touchpoint_metrics        one row per touchpoint of a journey (NPS, CSAT, CES, FRT, TTR,
--                             feedback) — a public API, documented in docs/api.md;
--   touchpoint_trend          one touchpoint's metric per day / week / month;
--   journey_targets           the targets in force for a journey (journey, workspace, default);
--   journey_outcomes          churn, retention and CLV inputs per journey.
--
-- The TypeScript reference in src/lib/domain/metrics does the same arithmetic step for step;
-- tests/integration/metrics.test.ts checks both agree on random data.

-- Minimum n --------------------------------------------------------------------------------

alter table public.workspaces add column metric_min_n integer not null default 30
  check (metric_min_n between 1 and 10000);
comment on column public.workspaces.metric_min_n is
  'Below this many answers a metric is "not enough responses" (null) and never makes a hotspot. DESIGN.md §4.';

-- The time index serves period filters with or without a metric; the old (touchpoint, metric,
-- time) index is replaced rather than joined, so imports maintain no more indexes than before.
drop index if exists public.survey_responses_touchpoint_idx;
create index survey_responses_touchpoint_time_idx on public.survey_responses (touchpoint_id, responded_at);

-- Rollups ------------------------------------------------------------------------------------

create table private.response_rollups (
  workspace_id uuid not null,
  touchpoint_id uuid not null,
  -- 'day' rows count one UTC day; 'month' rows a whole UTC month (day = its first day). A period
  -- reads whole months from month rows and only its edge days from day rows, so the cost grows
  -- with months + edge days, not with the days (or answers) in between.
  span text not null check (span in ('day', 'month')),
  -- 0 = every answer, 1 = per persona, 2 = per channel, 3 = per persona and channel. A query
  -- reads the one grain its filters need, so an unfiltered query never sums segments.
  grain smallint not null check (grain between 0 and 3),
  day date not null,
  metric text not null,
  scale_max smallint not null,
  persona_id uuid,
  channel text,
  n integer not null check (n >= 0),
  -- c0 .. c10: how many answers had that score.
  c0 integer not null default 0, c1 integer not null default 0, c2 integer not null default 0,
  c3 integer not null default 0, c4 integer not null default 0, c5 integer not null default 0,
  c6 integer not null default 0, c7 integer not null default 0, c8 integer not null default 0,
  c9 integer not null default 0, c10 integer not null default 0,
  constraint response_rollups_key unique nulls not distinct (touchpoint_id, span, grain, day, metric, scale_max, persona_id, channel),
  foreign key (touchpoint_id, workspace_id) references public.touchpoints (id, workspace_id) on delete cascade
) partition by list (span);
comment on table private.response_rollups is
  'Counts of survey answers per score value, per touchpoint, metric, scale, UTC day or month (span) and segment (grain 0 all, 1 persona, 2 channel, 3 both). Maintained by triggers on survey_responses; read only by the metric functions. Partitioned by span and grain.';

-- One partition per span and grain: a query reads one of them (say, whole months of every
-- answer), which stays small and dense in cache while the per-day, per-segment rows, far more
-- numerous, live elsewhere. (Unpartitioned, 5M answers made 13M rows and months were scattered.)
do $$
declare
  v_span text;
  v_grain integer;
begin
  foreach v_span in array array['day', 'month'] loop
    execute format('create table private.response_rollups_%s partition of private.response_rollups for values in (%L) partition by list (grain)', v_span, v_span);
    execute format('comment on table private.response_rollups_%s is %L', v_span, 'Rollups of span ' || v_span || ', by grain.');
    for v_grain in 0..3 loop
      execute format('create table private.response_rollups_%s_%s partition of private.response_rollups_%s for values in (%s)', v_span, v_grain, v_span, v_grain);
      execute format('comment on table private.response_rollups_%s_%s is %L', v_span, v_grain, 'Rollups of span ' || v_span || ', grain ' || v_grain || '.');
      execute format('alter table private.response_rollups_%s_%s enable row level security', v_span, v_grain);
      execute format('revoke all on private.response_rollups_%s_%s from public, anon, authenticated', v_span, v_grain);
    end loop;
    execute format('alter table private.response_rollups_%s enable row level security', v_span);
    execute format('revoke all on private.response_rollups_%s from public, anon, authenticated', v_span);
  end loop;
end
$$;
alter table private.response_rollups enable row level security;
revoke all on private.response_rollups from public, anon, authenticated;

create or replace function private.rollup_delta_sql(p_source text, p_sign integer) returns text
language sql immutable
set search_path = ''
as $$
  select format($f$
    with d as (
      select workspace_id, touchpoint_id,
        (case when grouping(persona_id) = 0 then 1 else 0 end + case when grouping(channel) = 0 then 2 else 0 end)::smallint as grain,
        day, metric, scale_max, persona_id, channel,
        %2$s * count(*)::integer as n,
        %2$s * count(*) filter (where score = 0)::integer as c0, %2$s * count(*) filter (where score = 1)::integer as c1,
        %2$s * count(*) filter (where score = 2)::integer as c2, %2$s * count(*) filter (where score = 3)::integer as c3,
        %2$s * count(*) filter (where score = 4)::integer as c4, %2$s * count(*) filter (where score = 5)::integer as c5,
        %2$s * count(*) filter (where score = 6)::integer as c6, %2$s * count(*) filter (where score = 7)::integer as c7,
        %2$s * count(*) filter (where score = 8)::integer as c8, %2$s * count(*) filter (where score = 9)::integer as c9,
        %2$s * count(*) filter (where score = 10)::integer as c10
      from (select workspace_id, touchpoint_id, (responded_at at time zone 'UTC')::date as day, metric, scale_max,
                   persona_id, channel, score from %1$s) rows
      group by workspace_id, touchpoint_id, day, metric, scale_max,
        grouping sets ((), (persona_id), (channel), (persona_id, channel))
    )
    select workspace_id, touchpoint_id, 'day'::text as span, grain, day, metric, scale_max, persona_id, channel,
      n, c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10
    from d
    union all
    select workspace_id, touchpoint_id, 'month', grain, date_trunc('month', day::timestamp)::date, metric, scale_max, persona_id, channel,
      sum(n)::integer, sum(c0)::integer, sum(c1)::integer, sum(c2)::integer, sum(c3)::integer, sum(c4)::integer,
      sum(c5)::integer, sum(c6)::integer, sum(c7)::integer, sum(c8)::integer, sum(c9)::integer, sum(c10)::integer
    from d
    group by workspace_id, touchpoint_id, grain, date_trunc('month', day::timestamp), metric, scale_max, persona_id, channel
  $f$, p_source, p_sign)
$$;
comment on function private.rollup_delta_sql(text, integer) is
  'SQL that counts the answers of a transition table (or any relation) per rollup key, grain and span (day and month), multiplied by a sign (+1 added, -1 removed).';

create or replace function private.maintain_response_rollups() returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- Removed answers: subtract (an update removes its old version first).
  if tg_op in ('DELETE', 'UPDATE') then
    execute format($f$
      update private.response_rollups r set
        n = r.n + d.n, c0 = r.c0 + d.c0, c1 = r.c1 + d.c1, c2 = r.c2 + d.c2, c3 = r.c3 + d.c3,
        c4 = r.c4 + d.c4, c5 = r.c5 + d.c5, c6 = r.c6 + d.c6, c7 = r.c7 + d.c7, c8 = r.c8 + d.c8,
        c9 = r.c9 + d.c9, c10 = r.c10 + d.c10
      from (%s) d
      where r.touchpoint_id = d.touchpoint_id and r.span = d.span and r.grain = d.grain and r.day = d.day
        and r.metric = d.metric and r.scale_max = d.scale_max
        and r.persona_id is not distinct from d.persona_id and r.channel is not distinct from d.channel
    $f$, private.rollup_delta_sql('old_rows', -1));
    delete from private.response_rollups where n = 0;
  end if;
  -- Added answers: add, creating the key when it is new.
  if tg_op in ('INSERT', 'UPDATE') then
    execute format($f$
      insert into private.response_rollups as r
        (workspace_id, touchpoint_id, span, grain, day, metric, scale_max, persona_id, channel, n,
         c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10)
      %s
      on conflict on constraint response_rollups_key do update set
        n = r.n + excluded.n, c0 = r.c0 + excluded.c0, c1 = r.c1 + excluded.c1, c2 = r.c2 + excluded.c2,
        c3 = r.c3 + excluded.c3, c4 = r.c4 + excluded.c4, c5 = r.c5 + excluded.c5, c6 = r.c6 + excluded.c6,
        c7 = r.c7 + excluded.c7, c8 = r.c8 + excluded.c8, c9 = r.c9 + excluded.c9, c10 = r.c10 + excluded.c10
    $f$, private.rollup_delta_sql('new_rows', 1));
  end if;
  return null;
end
$$;
comment on function private.maintain_response_rollups() is
  'Statement-level trigger on survey_responses: applies the inserted, updated or deleted answers to private.response_rollups (day and month rows) in one statement per direction.';

create trigger survey_responses_rollup_insert after insert on public.survey_responses
  referencing new table as new_rows for each statement execute function private.maintain_response_rollups();
create trigger survey_responses_rollup_update after update on public.survey_responses
  referencing old table as old_rows new table as new_rows for each statement execute function private.maintain_response_rollups();
create trigger survey_responses_rollup_delete after delete on public.survey_responses
  referencing old table as old_rows for each statement execute function private.maintain_response_rollups();

-- Answers that existed before this migration.
do $$
begin
  execute format('insert into private.response_rollups (workspace_id, touchpoint_id, span, grain, day, metric, scale_max, persona_id, channel, n, c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10) %s',
    private.rollup_delta_sql('public.survey_responses', 1));
end
$$;

-- Score counts of a period -------------------------------------------------------------------

-- No `set search_path` here, on purpose: it is not security definer, every name is qualified,
-- and without a SET clause Postgres inlines it into the calling query, so the planner sees the
-- real row counts and the caller's filters instead of a black box of 1,000 guessed rows.
create or replace function private.response_counts(
  p_touchpoint_ids uuid[], p_from timestamptz, p_to timestamptz, p_persona_id uuid, p_channel text,
  p_months boolean default true
) returns table (touchpoint_id uuid, day date, metric text, scale_max smallint, n bigint,
  c0 bigint, c1 bigint, c2 bigint, c3 bigint, c4 bigint, c5 bigint, c6 bigint, c7 bigint, c8 bigint, c9 bigint, c10 bigint)
language sql
stable
as $$
  with days as (
    -- Whole UTC days inside [p_from, p_to): [first_day, end_day).
    select
      case when p_from is null then '-infinity'::date
           when (p_from at time zone 'UTC') = date_trunc('day', p_from at time zone 'UTC') then (p_from at time zone 'UTC')::date
           else (p_from at time zone 'UTC')::date + 1 end as first_day,
      case when p_to is null then 'infinity'::date else (p_to at time zone 'UTC')::date end as end_day,
      coalesce(p_from, '-infinity'::timestamptz) as t_from,
      coalesce(p_to, 'infinity'::timestamptz) as t_to
  ),
  months as (
    -- Whole months inside the whole days: [first_month, end_month); none when p_months is false
    -- (a caller that buckets by day or week needs day rows).
    select d.*,
      case when not p_months then d.end_day
           when d.first_day = '-infinity'::date then d.first_day
           when extract(day from d.first_day) = 1 then d.first_day
           else (date_trunc('month', d.first_day::timestamp) + interval '1 month')::date end as first_month,
      case when not p_months or d.end_day = 'infinity'::date then d.end_day
           else date_trunc('month', d.end_day::timestamp)::date end as end_month
    from days d
  ),
  b as (
    select m.*,
      least(m.first_month, m.end_day) as left_days_end,
      greatest(m.end_month, m.first_month) as right_days_start,
      case when m.first_day = '-infinity'::date then '-infinity'::timestamptz else (m.first_day::timestamp at time zone 'UTC') end as first_ts,
      case when m.end_day = 'infinity'::date then 'infinity'::timestamptz else (m.end_day::timestamp at time zone 'UTC') end as end_ts,
      (case when p_persona_id is null then 0 else 1 end + case when p_channel is null then 0 else 2 end)::smallint as grain
    from months m
  ),
  rolled as (
    -- Whole months, then the whole days before the first and after the last whole month.
    select r.* from private.response_rollups r, b
    where r.touchpoint_id = any (p_touchpoint_ids) and r.span = 'month' and r.grain = b.grain
      and r.day >= b.first_month and r.day < b.end_month
      and (p_persona_id is null or r.persona_id = p_persona_id) and (p_channel is null or r.channel = p_channel)
    union all
    select r.* from private.response_rollups r, b
    where r.touchpoint_id = any (p_touchpoint_ids) and r.span = 'day' and r.grain = b.grain
      and r.day >= b.first_day and r.day < b.left_days_end
      and (p_persona_id is null or r.persona_id = p_persona_id) and (p_channel is null or r.channel = p_channel)
    union all
    select r.* from private.response_rollups r, b
    where r.touchpoint_id = any (p_touchpoint_ids) and r.span = 'day' and r.grain = b.grain
      and r.day >= b.right_days_start and r.day < b.end_day
      and (p_persona_id is null or r.persona_id = p_persona_id) and (p_channel is null or r.channel = p_channel)
  ),
  raw as (
    -- The partial days at the edges (or the whole range when it holds no whole day), as two
    -- index ranges: [p_from, first whole day) and [end of the last whole day, p_to).
    select s.* from public.survey_responses s, b
    where s.touchpoint_id = any (p_touchpoint_ids)
      and s.responded_at >= b.t_from and s.responded_at < least(b.first_ts, b.t_to)
      and (p_persona_id is null or s.persona_id = p_persona_id) and (p_channel is null or s.channel = p_channel)
    union all
    select s.* from public.survey_responses s, b
    where s.touchpoint_id = any (p_touchpoint_ids)
      and s.responded_at >= greatest(b.end_ts, b.first_ts) and s.responded_at < b.t_to
      and (p_persona_id is null or s.persona_id = p_persona_id) and (p_channel is null or s.channel = p_channel)
  )
  select r.touchpoint_id, r.day, r.metric, r.scale_max, r.n::bigint,
    r.c0::bigint, r.c1::bigint, r.c2::bigint, r.c3::bigint, r.c4::bigint, r.c5::bigint,
    r.c6::bigint, r.c7::bigint, r.c8::bigint, r.c9::bigint, r.c10::bigint
  from rolled r
  union all
  select s.touchpoint_id, (s.responded_at at time zone 'UTC')::date, s.metric, s.scale_max, count(*),
    count(*) filter (where s.score = 0), count(*) filter (where s.score = 1), count(*) filter (where s.score = 2),
    count(*) filter (where s.score = 3), count(*) filter (where s.score = 4), count(*) filter (where s.score = 5),
    count(*) filter (where s.score = 6), count(*) filter (where s.score = 7), count(*) filter (where s.score = 8),
    count(*) filter (where s.score = 9), count(*) filter (where s.score = 10)
  from raw s
  group by s.touchpoint_id, (s.responded_at at time zone 'UTC')::date, s.metric, s.scale_max
$$;
comment on function private.response_counts(uuid[], timestamptz, timestamptz, uuid, text, boolean) is
  'Score counts per touchpoint, UTC day (the first day for month rows), metric and scale for answers in [p_from, p_to) (null = open), optionally of one persona and/or channel: whole months and days from the rollups, edge days from survey_responses. p_months false reads day rows only (for day and week buckets).';

-- Statistics (the same steps as src/lib/domain/metrics/stats.ts and survey.ts) ----------------

create table private.t_quantiles (
  df integer primary key,
  t double precision not null
);
comment on table private.t_quantiles is
  't(0.975, df) for df 1..1000, computed by upperTQuantile in src/lib/domain/metrics/stats.ts (17 significant digits, so both sides hold the same double). Above 1000 the Cornish-Fisher series is exact to 1e-14.';
alter table private.t_quantiles enable row level security;
revoke all on private.t_quantiles from public, anon, authenticated;
insert into private.t_quantiles (df, t) values
  (1,12.706204736174708), (2,4.3026527297494681), (3,3.1824463052837100), (4,2.7764451051977961), (5,2.5705818356363155), (6,2.4469118511449701), (7,2.3646242515927849), (8,2.3060041352041671),
  (9,2.2621571627982040), (10,2.2281388519862757), (11,2.2009851600916401), (12,2.1788128296672307), (13,2.1603686564627926), (14,2.1447866879178026), (15,2.1314495455597782), (16,2.1199052992212541),
  (17,2.1098155778333174), (18,2.1009220402410400), (19,2.0930240544083101), (20,2.0859634472658639), (21,2.0796138447276804), (22,2.0738730679040263), (23,2.0686576104190486), (24,2.0638985616280272),
  (25,2.0595385527532963), (26,2.0555294386428740), (27,2.0518305164802859), (28,2.0484071417952463), (29,2.0452296421327034), (30,2.0422724563012404), (31,2.0395134463964077), (32,2.0369333434601025),
  (33,2.0345152974493379), (34,2.0322445093177244), (35,2.0301079282503429), (36,2.0280940009804471), (37,2.0261924630291106), (38,2.0243941639119676), (39,2.0226909200367627), (40,2.0210753903062701),
  (41,2.0195409704413798), (42,2.0180817028184430), (43,2.0166921992278204), (44,2.0153675744437654), (45,2.0141033888808475), (46,2.0128955989194282), (47,2.0117405137297695), (48,2.0106347576242336),
  (49,2.0095752371292321), (50,2.0085591121007647), (51,2.0075837703158346), (52,2.0066468050616901), (53,2.0057459953178691), (54,2.0048792881880586), (55,2.0040447832891402), (56,2.0032407188477017),
  (57,2.0024654592910078), (58,2.0017174841452348), (59,2.0009953780882688), (60,2.0002978220142520), (61,1.9996235849949451), (62,1.9989715170333755), (63,1.9983405425207428), (64,1.9977296543176888),
  (65,1.9971379083920060), (66,1.9965644189523031), (67,1.9960083540252991), (68,1.9954689314298486), (69,1.9949454151072410), (70,1.9944371117711868), (71,1.9939433678456246), (72,1.9934635666618803),
  (73,1.9929971258898513), (74,1.9925434951809351), (75,1.9921021540022381), (76,1.9916726096446542), (77,1.9912543953884014), (78,1.9908470688116850), (79,1.9904502102301309), (80,1.9900634212544375),
  (81,1.9896863234569011), (82,1.9893185571365644), (83,1.9889597801751695), (84,1.9886096669757085), (85,1.9882679074772234), (86,1.9879342062390251), (87,1.9876082815890610), (88,1.9872898648311672),
  (89,1.9869786995062804), (90,1.9866745407037694), (91,1.9863771544186193), (92,1.9860863169511340), (93,1.9858018143458145), (94,1.9855234418666114), (95,1.9852510035055091), (96,1.9849843115224428),
  (97,1.9847231860139702), (98,1.9844674545084946), (99,1.9842169515864094), (100,1.9839715185235534), (101,1.9837310029556108), (102,1.9834952585628640), (103,1.9832641447734680), (104,1.9830375264837357),
  (105,1.9828152737950373), (106,1.9825972617654894), (107,1.9823833701756970), (108,1.9821734833077163), (109,1.9819674897364874), (110,1.9817652821323737), (111,1.9815667570748978), (112,1.9813718148762902),
  (113,1.9811803594146598), (114,1.9809922979758636), (115,1.9808075411039048), (116,1.9806260024590854), (117,1.9804475986834258), (118,1.9802722492729450), (119,1.9800998764569571), (120,1.9799304050824249),
  (121,1.9797637625053923), (122,1.9795998784866184), (123,1.9794386850933010), (124,1.9792801166048664), (125,1.9791241094237837), (126,1.9789706019906350), (127,1.9788195347028565), (128,1.9786708498378467),
  (129,1.9785244914792417), (130,1.9783804054470353), (131,1.9782385392303889), (132,1.9780988419241110), (133,1.9779612641677251), (134,1.9778257580871172), (135,1.9776922772392682), (136,1.9775607765589351),
  (137,1.9774312123081692), (138,1.9773035420276428), (139,1.9771777244903233), (140,1.9770537196571294), (141,1.9769314886342408), (142,1.9768109936328426), (143,1.9766921979298049), (144,1.9765750658304257),
  (145,1.9764595626329349), (146,1.9763456545938165), (147,1.9762333088953314), (148,1.9761224936137602), (149,1.9760131776891663), (150,1.9759053308966188), (151,1.9757989238179279), (152,1.9756939278152934),
  (153,1.9755903150052516), (154,1.9754880582343108), (155,1.9753871310551250), (156,1.9752875077034628), (157,1.9751891630765814), (158,1.9750920727120580), (159,1.9749962127675307), (160,1.9749015600007545),
  (161,1.9748080917518076), (162,1.9747157859238149), (163,1.9746246209663019), (164,1.9745345758584860), (165,1.9744456300924147), (166,1.9743577636580292), (167,1.9742709570280541), (168,1.9741851911432848),
  (169,1.9741004473990247), (170,1.9740167076309536), (171,1.9739339541031138), (172,1.9738521694944819), (173,1.9737713368875109), (174,1.9736914397560728), (175,1.9736124619543987), (176,1.9735343877061020),
  (177,1.9734572015937768), (178,1.9733808885488624), (179,1.9733054338414482), (180,1.9732308230715627), (181,1.9731570421591600), (182,1.9730840773359293), (183,1.9730119151362400), (184,1.9729405423893644),
  (185,1.9728699462108745), (186,1.9728001139954885), (187,1.9727310334088661), (188,1.9726626923813213), (189,1.9725950790996281), (190,1.9725281820013438), (191,1.9724619897672226), (192,1.9723964913155747),
  (193,1.9723316757957350), (194,1.9722675325821586), (195,1.9722040512684194), (196,1.9721412216620429), (197,1.9720790337785135), (198,1.9720174778362694), (199,1.9719565442518008), (200,1.9718962236338804),
  (201,1.9718365067798949), (202,1.9717773846699460), (203,1.9717188484634673), (204,1.9716608894937500), (205,1.9716034992644866), (206,1.9715466694452506), (207,1.9714903918673450), (208,1.9714346585202345),
  (209,1.9713794615475329), (210,1.9713247932432856), (211,1.9712706460486109), (212,1.9712170125477815), (213,1.9711638854652462), (214,1.9711112576622989), (215,1.9710591221336444), (216,1.9710074720044912),
  (217,1.9709563005273842), (218,1.9709056010794661), (219,1.9708553671595213), (220,1.9708055923849173), (221,1.9707562704894666), (222,1.9707073953204122), (223,1.9706589608357805), (224,1.9706109611023677),
  (225,1.9705633902926931), (226,1.9705162426831053), (227,1.9704695126515193), (228,1.9704231946745574), (229,1.9703772833261162), (230,1.9703317732750745), (231,1.9702866592828165), (232,1.9702419362015189),
  (233,1.9701975989725415), (234,1.9701536426236710), (235,1.9701100622681393), (236,1.9700668531021399), (237,1.9700240104035327), (238,1.9699815295299328), (239,1.9699394059169582), (240,1.9698976350766673),
  (241,1.9698562125961274), (242,1.9698151341353829), (243,1.9697743954267772), (244,1.9697339922723394), (245,1.9696939205435975), (246,1.9696541761788942), (247,1.9696147551832830), (248,1.9695756536260542),
  (249,1.9695368676403733), (250,1.9694983934211521), (251,1.9694602272245252), (252,1.9694223653662688), (253,1.9693848042206352), (254,1.9693475402191194), (255,1.9693105698499132), (256,1.9692738896556783),
  (257,1.9692374962336563), (258,1.9692013862339330), (259,1.9691655563583683), (260,1.9691300033601411), (261,1.9690947240422283), (262,1.9690597152565590), (263,1.9690249739032630), (264,1.9689904969297205),
  (265,1.9689562813294372), (266,1.9689223241414218), (267,1.9688886224492608), (268,1.9688551733802726), (269,1.9688219741043518), (270,1.9687890218342468), (271,1.9687563138232480), (272,1.9687238473655402),
  (273,1.9686916197953386), (274,1.9686596284854849), (275,1.9686278708474636), (276,1.9685963443305909), (277,1.9685650464208868), (278,1.9685339746407833), (279,1.9685031265484372), (280,1.9684724997369754),
  (281,1.9684420918341261), (282,1.9684119005009439), (283,1.9683819234323778), (284,1.9683521583551273), (285,1.9683226030288119), (286,1.9682932552437098), (287,1.9682641128218086), (288,1.9682351736147878),
  (289,1.9682064355045876), (290,1.9681778964022085), (291,1.9681495542478225), (292,1.9681214070095265), (293,1.9680934526838334), (294,1.9680656892940018), (295,1.9680381148904689), (296,1.9680107275502456),
  (297,1.9679835253761386), (298,1.9679565064968867), (299,1.9679296690656256), (300,1.9679030112610747), (301,1.9678765312856985), (302,1.9678502273660845), (303,1.9678240977520447), (304,1.9677981407170075),
  (305,1.9677723545568058), (306,1.9677467375894571), (307,1.9677212881555584), (308,1.9676960046165732), (309,1.9676708853559854), (310,1.9676459287778054), (311,1.9676211333067604), (312,1.9675964973877924),
  (313,1.9675720194858042), (314,1.9675476980855133), (315,1.9675235316905391), (316,1.9674995188240221), (317,1.9674756580274801), (318,1.9674519478608876), (319,1.9674283869023552), (320,1.9674049737480079),
  (321,1.9673817070110136), (322,1.9673585853227251), (323,1.9673356073305441), (324,1.9673127716992043), (325,1.9672900771097899), (326,1.9672675222598710), (327,1.9672451058622142), (328,1.9672228266464948),
  (329,1.9672006833568407), (330,1.9671786747533060), (331,1.9671567996109010), (332,1.9671350567190538), (333,1.9671134448822649), (334,1.9670919629190577), (335,1.9670706096622743), (336,1.9670493839589664),
  (337,1.9670282846692029), (338,1.9670073106671777), (339,1.9669864608404226), (340,1.9669657340892601), (341,1.9669451293273124), (342,1.9669246454803639), (343,1.9669042814877422), (344,1.9668840363001263),
  (345,1.9668639088811635), (346,1.9668438982061160), (347,1.9668240032621771), (348,1.9668042230482632), (349,1.9667845565748336), (350,1.9667650028636572), (351,1.9667455609476234), (352,1.9667262298708632),
  (353,1.9667070086879901), (354,1.9666878964647412), (355,1.9666688922772275), (356,1.9666499952119549), (357,1.9666312043657077), (358,1.9666125188455426), (359,1.9665939377682358), (360,1.9665754602606431),
  (361,1.9665570854591503), (362,1.9665388125099537), (363,1.9665206405683904), (364,1.9665025687994449), (365,1.9664845963767372), (366,1.9664667224837025), (367,1.9664489463121020), (368,1.9664312670627906),
  (369,1.9664136839453028), (370,1.9663961961773291), (371,1.9663788029859588), (372,1.9663615036054118), (373,1.9663442972793614), (374,1.9663271832585409), (375,1.9663101608024156), (376,1.9662932291779589),
  (377,1.9662763876603224), (378,1.9662596355318898), (379,1.9662429720828609), (380,1.9662263966111575), (381,1.9662099084217883), (382,1.9661935068270158), (383,1.9661771911465979), (384,1.9661609607071615),
  (385,1.9661448148425513), (386,1.9661287528932812), (387,1.9661127742070541), (388,1.9660968781377988), (389,1.9660810640467088), (390,1.9660653313011520), (391,1.9660496792748972), (392,1.9660341073487313),
  (393,1.9660186149090402), (394,1.9660032013488336), (395,1.9659878660673979), (396,1.9659726084695466), (397,1.9659574279667875), (398,1.9659423239763327), (399,1.9659272959208720), (400,1.9659123432294143),
  (401,1.9658974653365944), (402,1.9658826616820844), (403,1.9658679317122620), (404,1.9658532748777386), (405,1.9658386906356120), (406,1.9658241784478128), (407,1.9658097377813462), (408,1.9657953681094140),
  (409,1.9657810689091375), (410,1.9657668396636272), (411,1.9657526798610439), (412,1.9657385889937611), (413,1.9657245665599261), (414,1.9657106120622558), (415,1.9656967250080530), (416,1.9656829049096294),
  (417,1.9656691512840152), (418,1.9656554636526569), (419,1.9656418415416081), (420,1.9656282844817814), (421,1.9656147920081342), (422,1.9656013636602625), (423,1.9655879989822154), (424,1.9655746975221335),
  (425,1.9655614588324863), (426,1.9655482824699697), (427,1.9655351679956057), (428,1.9655221149743487), (429,1.9655091229753072), (430,1.9654961915712894), (431,1.9654833203398017), (432,1.9654705088614610),
  (433,1.9654577567212195), (434,1.9654450635078042), (435,1.9654324288140297), (436,1.9654198522354180), (437,1.9654073333726909), (438,1.9653948718289853), (439,1.9653824672116491), (440,1.9653701191315738),
  (441,1.9653578272030097), (442,1.9653455910439042), (443,1.9653334102755040), (444,1.9653212845225294), (445,1.9653092134132613), (446,1.9652971965789434), (447,1.9652852336545010), (448,1.9652733242777982),
  (449,1.9652614680903921), (450,1.9652496647365434), (451,1.9652379138638008), (452,1.9652262151230113), (453,1.9652145681681834), (454,1.9652029726560445), (455,1.9651914282465246), (456,1.9651799346026964),
  (457,1.9651684913901275), (458,1.9651570982781057), (459,1.9651457549377482), (460,1.9651344610443122), (461,1.9651232162743255), (462,1.9651120203087724), (463,1.9651008728301087), (464,1.9650897735244313),
  (465,1.9650787220795465), (466,1.9650677181874254), (467,1.9650567615409860), (468,1.9650458518372262), (469,1.9650349887746019), (470,1.9650241720549448), (471,1.9650134013821805), (472,1.9650026764631550),
  (473,1.9649919970066740), (474,1.9649813627244572), (475,1.9649707733301993), (476,1.9649602285407826), (477,1.9649497280744033), (478,1.9649392716525755), (479,1.9649288589986618), (480,1.9649184898385383),
  (481,1.9649081638999355), (482,1.9648978809135076), (483,1.9648876406115749), (484,1.9648774427291342), (485,1.9648672870031474), (486,1.9648571731724056), (487,1.9648471009786761), (488,1.9648370701650224),
  (489,1.9648270804771983), (490,1.9648171316626601), (491,1.9648072234708178), (492,1.9647973556539895), (493,1.9647875279653910), (494,1.9647777401607018), (495,1.9647679919982524), (496,1.9647582832370771),
  (497,1.9647486136388677), (498,1.9647389829672635), (499,1.9647293909876633), (500,1.9647198374674586), (501,1.9647103221753828), (502,1.9647008448830718), (503,1.9646914053629356), (504,1.9646820033894006),
  (505,1.9646726387397271), (506,1.9646633111911511), (507,1.9646540205242797), (508,1.9646447665204312), (509,1.9646355489630154), (510,1.9646263676374358), (511,1.9646172223304914), (512,1.9646081128301767),
  (513,1.9645990389270560), (514,1.9645900004125811), (515,1.9645809970805439), (516,1.9645720287253388), (517,1.9645630951441042), (518,1.9645541961346864), (519,1.9645453314968002), (520,1.9645365010318041),
  (521,1.9645277045421963), (522,1.9645189418326985), (523,1.9645102127088820), (524,1.9645015169778941), (525,1.9644928544487945), (526,1.9644842249314038), (527,1.9644756282377411), (528,1.9644670641807094),
  (529,1.9644585325748567), (530,1.9644500332360464), (531,1.9644415659814329), (532,1.9644331306300828), (533,1.9644247270016957), (534,1.9644163549176563), (535,1.9644080142009712), (536,1.9643997046752666),
  (537,1.9643914261662618), (538,1.9643831785003794), (539,1.9643749615058332), (540,1.9643667750115057), (541,1.9643586188481224), (542,1.9643504928476103), (543,1.9643423968424816), (544,1.9643343306673324),
  (545,1.9643262941575312), (546,1.9643182871495108), (547,1.9643103094815451), (548,1.9643023609920194), (549,1.9642944415220029), (550,1.9642865509121483), (551,1.9642786890051460), (552,1.9642708556448405),
  (553,1.9642630506759677), (554,1.9642552739444683), (555,1.9642475252971086), (556,1.9642398045826319), (557,1.9642321116496311), (558,1.9642244463487206), (559,1.9642168085315073), (560,1.9642091980498078),
  (561,1.9642016147577170), (562,1.9641940585096080), (563,1.9641865291611567), (564,1.9641790265687369), (565,1.9641715505901169), (566,1.9641641010840445), (567,1.9641566779101134), (568,1.9641492809286565),
  (569,1.9641419100016497), (570,1.9641345649917519), (571,1.9641272457620225), (572,1.9641199521775476), (573,1.9641126841032088), (574,1.9641054414058461), (575,1.9640982239527585), (576,1.9640910316119653),
  (577,1.9640838642524576), (578,1.9640767217450279), (579,1.9640696039600796), (580,1.9640625107694125), (581,1.9640554420459853), (582,1.9640483976635226), (583,1.9640413774962708), (584,1.9640343814196908),
  (585,1.9640274093103558), (586,1.9640204610444507), (587,1.9640135365006746), (588,1.9640066355572789), (589,1.9639997580941715), (590,1.9639929039913351), (591,1.9639860731304579), (592,1.9639792653926786),
  (593,1.9639724806619974), (594,1.9639657188208290), (595,1.9639589797540871), (596,1.9639522633470465), (597,1.9639455694852266), (598,1.9639388980554764), (599,1.9639322489452660), (600,1.9639256220426897),
  (601,1.9639190172367622), (602,1.9639124344172019), (603,1.9639058734741359), (604,1.9638993342988416), (605,1.9638928167832979), (606,1.9638863208199073), (607,1.9638798463021110), (608,1.9638733931235977),
  (609,1.9638669611792616), (610,1.9638605503646467), (611,1.9638541605752193), (612,1.9638477917082657), (613,1.9638414436610381), (614,1.9638351163314991), (615,1.9638288096185932), (616,1.9638225234213760),
  (617,1.9638162576404319), (618,1.9638100121757809), (619,1.9638037869294684), (620,1.9637975818030158), (621,1.9637913966991161), (622,1.9637852315212645), (623,1.9637790861729643), (624,1.9637729605588525),
  (625,1.9637668545841491), (626,1.9637607681544713), (627,1.9637547011759975), (628,1.9637486535558144), (629,1.9637426252011978), (630,1.9637366160206859), (631,1.9637306259222411), (632,1.9637246548157259),
  (633,1.9637187026109646), (634,1.9637127692175798), (635,1.9637068545476746), (636,1.9637009585115428), (637,1.9636950810224763), (638,1.9636892219922704), (639,1.9636833813342083), (640,1.9636775589625342),
  (641,1.9636717547907243), (642,1.9636659687342557), (643,1.9636602007080350), (644,1.9636544506279632), (645,1.9636487184106950), (646,1.9636430039728903), (647,1.9636373072319695), (648,1.9636316281058364),
  (649,1.9636259665129658), (650,1.9636203223723379), (651,1.9636146956033680), (652,1.9636090861257809), (653,1.9636034938603404), (654,1.9635979187275461), (655,1.9635923606493288), (656,1.9635868195468271),
  (657,1.9635812953430878), (658,1.9635757879603455), (659,1.9635702973223570), (660,1.9635648233526031), (661,1.9635593659754464), (662,1.9635539251154062), (663,1.9635485006976581), (664,1.9635430926478936),
  (665,1.9635377008920627), (666,1.9635323253565458), (667,1.9635269659683234), (668,1.9635216226548913), (669,1.9635162953437684), (670,1.9635109839632832), (671,1.9635056884424771), (672,1.9635004087098848),
  (673,1.9634951446947979), (674,1.9634898963280609), (675,1.9634846635392873), (676,1.9634794462593974), (677,1.9634742444192970), (678,1.9634690579511493), (679,1.9634638867865102), (680,1.9634587308575395),
  (681,1.9634535900975414), (682,1.9634484644394445), (683,1.9634433538164602), (684,1.9634382581630596), (685,1.9634331774132840), (686,1.9634281115017429), (687,1.9634230603639493), (688,1.9634180239348487),
  (689,1.9634130021508109), (690,1.9634079949474779), (691,1.9634030022618800), (692,1.9633980240308215), (693,1.9633930601917269), (694,1.9633881106820441), (695,1.9633831754399478), (696,1.9633782544040626),
  (697,1.9633733475124839), (698,1.9633684547050789), (699,1.9633635759209174), (700,1.9633587110997721), (701,1.9633538601821632), (702,1.9633490231076716), (703,1.9633441998180676), (704,1.9633393902542196),
  (705,1.9633345943576055), (706,1.9633298120697165), (707,1.9633250433330116), (708,1.9633202880901508), (709,1.9633155462840801), (710,1.9633108178567571), (711,1.9633061027533423), (712,1.9633014009162080),
  (713,1.9632967122899976), (714,1.9632920368194711), (715,1.9632873744486297), (716,1.9632827251229874), (717,1.9632780887875485), (718,1.9632734653879957), (719,1.9632688548707866), (720,1.9632642571814136),
  (721,1.9632596722667193), (722,1.9632551000740153), (723,1.9632505405493235), (724,1.9632459936412479), (725,1.9632414592965466), (726,1.9632369374637251), (727,1.9632324280913147), (728,1.9632279311272716),
  (729,1.9632234465208385), (730,1.9632189742207762), (731,1.9632145141770199), (732,1.9632100663389511), (733,1.9632056306562689), (734,1.9632012070799125), (735,1.9631967955598326), (736,1.9631923960469662),
  (737,1.9631880084925122), (738,1.9631836328474273), (739,1.9631792690635941), (740,1.9631749170924870), (741,1.9631705768869319), (742,1.9631662483984356), (743,1.9631619315800126), (744,1.9631576263847617),
  (745,1.9631533327653294), (746,1.9631490506754001), (747,1.9631447800684141), (748,1.9631405208984203), (749,1.9631362731192805), (750,1.9631320366856571), (751,1.9631278115521644), (752,1.9631235976732941),
  (753,1.9631193950045838), (754,1.9631152035009640), (755,1.9631110231183759), (756,1.9631068538119656), (757,1.9631026955384394), (758,1.9630985482542365), (759,1.9630944119150522), (760,1.9630902864778008),
  (761,1.9630861719003041), (762,1.9630820681384304), (763,1.9630779751507292), (764,1.9630738928941529), (765,1.9630698213267272), (766,1.9630657604066712), (767,1.9630617100919527), (768,1.9630576703414049),
  (769,1.9630536411134478), (770,1.9630496223674909), (771,1.9630456140624579), (772,1.9630416161572446), (773,1.9630376286120235), (774,1.9630336513864564), (775,1.9630296844404167), (776,1.9630257277340524),
  (777,1.9630217812278608), (778,1.9630178448824804), (779,1.9630139186589364), (780,1.9630100025176169), (781,1.9630060964203033), (782,1.9630022003283727), (783,1.9629983142028740), (784,1.9629944380064486),
  (785,1.9629905717002154), (786,1.9629867152471931), (787,1.9629828686091351), (788,1.9629790317490388), (789,1.9629752046293354), (790,1.9629713872133203), (791,1.9629675794637804), (792,1.9629637813442702),
  (793,1.9629599928184913), (794,1.9629562138494752), (795,1.9629524444017865), (796,1.9629486844392245), (797,1.9629449339260354), (798,1.9629411928266007), (799,1.9629374611055963), (800,1.9629337387276979),
  (801,1.9629300256581237), (802,1.9629263218617481), (803,1.9629226273038911), (804,1.9629189419501070), (805,1.9629152657657956), (806,1.9629115987175108), (807,1.9629079407702998), (808,1.9629042918907909),
  (809,1.9629006520455459), (810,1.9628970212006012), (811,1.9628933993225457), (812,1.9628897863791179), (813,1.9628861823358208), (814,1.9628825871612763), (815,1.9628790008216879), (816,1.9628754232851249),
  (817,1.9628718545193027), (818,1.9628682944913756), (819,1.9628647431699500), (820,1.9628612005226802), (821,1.9628576665179851), (822,1.9628541411244576), (823,1.9628506243102635), (824,1.9628471160445728),
  (825,1.9628436162963632), (826,1.9628401250336278), (827,1.9628366422266448), (828,1.9628331678441737), (829,1.9628297018556882), (830,1.9628262442316469), (831,1.9628227949404566), (832,1.9628193539528735),
  (833,1.9628159212388809), (834,1.9628124967684588), (835,1.9628090805122502), (836,1.9628056724400202), (837,1.9628022725235048), (838,1.9627988807323635), (839,1.9627954970384389), (840,1.9627921214124102),
  (841,1.9627887538246327), (842,1.9627853942480613), (843,1.9627820426529068), (844,1.9627786990113287), (845,1.9627753632945231), (846,1.9627720354744054), (847,1.9627687155238243), (848,1.9627654034142414),
  (849,1.9627620991177872), (850,1.9627588026074771), (851,1.9627555138544297), (852,1.9627522328329585), (853,1.9627489595149383), (854,1.9627456938737284), (855,1.9627424358816001), (856,1.9627391855124419),
  (857,1.9627359427393432), (858,1.9627327075353131), (859,1.9627294798745518), (860,1.9627262597303914), (861,1.9627230470763048), (862,1.9627198418869900), (863,1.9627166441351462), (864,1.9627134537963080),
  (865,1.9627102708439104), (866,1.9627070952524888), (867,1.9627039269969002), (868,1.9627007660509945), (869,1.9626976123901907), (870,1.9626944659890526), (871,1.9626913268227095), (872,1.9626881948662254),
  (873,1.9626850700942027), (874,1.9626819524829560), (875,1.9626788420069821), (876,1.9626757386423390), (877,1.9626726423648868), (878,1.9626695531492351), (879,1.9626664709728627), (880,1.9626633958101374),
  (881,1.9626603276385586), (882,1.9626572664332358), (883,1.9626542121712913), (884,1.9626511648284957), (885,1.9626481243815095), (886,1.9626450908074355), (887,1.9626420640822027), (888,1.9626390441833856),
  (889,1.9626360310874083), (890,1.9626330247715320), (891,1.9626300252129742), (892,1.9626270323884305), (893,1.9626240462762450), (894,1.9626210668526889), (895,1.9626180940964899), (896,1.9626151279843438),
  (897,1.9626121684944866), (898,1.9626092156051915), (899,1.9626062692927080), (900,1.9626033295372889), (901,1.9626003963152736), (902,1.9625974696066653), (903,1.9625945493874084), (904,1.9625916356385920),
  (905,1.9625887283366610), (906,1.9625858274616408), (907,1.9625829329910258), (908,1.9625800449046609), (909,1.9625771631810247), (910,1.9625742877988830), (911,1.9625714187379815), (912,1.9625685559766513),
  (913,1.9625656994949314), (914,1.9625628492715455), (915,1.9625600052866419), (916,1.9625571675190063), (917,1.9625543359490902), (918,1.9625515105556177), (919,1.9625486913196835), (920,1.9625458782196548),
  (921,1.9625430712365841), (922,1.9625402703506822), (923,1.9625374755408931), (924,1.9625346867892082), (925,1.9625319040743923), (926,1.9625291273777610), (927,1.9625263566793965), (928,1.9625235919598822),
  (929,1.9625208332001651), (930,1.9625180803810907), (931,1.9625153334829246), (932,1.9625125924869919), (933,1.9625098573745174), (934,1.9625071281258557), (935,1.9625044047227227), (936,1.9625016871465322),
  (937,1.9624989753777384), (938,1.9624962693990076), (939,1.9624935691902357), (940,1.9624908747346481), (941,1.9624881860127072), (942,1.9624855030066257), (943,1.9624828256979245), (944,1.9624801540689576),
  (945,1.9624774881013278), (946,1.9624748277765709), (947,1.9624721730777976), (948,1.9624695239863854), (949,1.9624668804854482), (950,1.9624642425560443), (951,1.9624616101815797), (952,1.9624589833443502),
  (953,1.9624563620267648), (954,1.9624537462113323), (955,1.9624511358807426), (956,1.9624485310180819), (957,1.9624459316062313), (958,1.9624433376271739), (959,1.9624407490653291), (960,1.9624381659025623),
  (961,1.9624355881227555), (962,1.9624330157084273), (963,1.9624304486436099), (964,1.9624278869108480), (965,1.9624253304940260), (966,1.9624227793767850), (967,1.9624202335423002), (968,1.9624176929738308),
  (969,1.9624151576559374), (970,1.9624126275718043), (971,1.9624101027054375), (972,1.9624075830405754), (973,1.9624050685610448), (974,1.9624025592511904), (975,1.9624000550949592), (976,1.9623975560760052),
  (977,1.9623950621800379), (978,1.9623925733891661), (979,1.9623900896894426), (980,1.9623876110643765), (981,1.9623851374986505), (982,1.9623826689772126), (983,1.9623802054839850), (984,1.9623777470040185),
  (985,1.9623752935218530), (986,1.9623728450221978), (987,1.9623704014902668), (988,1.9623679629109563), (989,1.9623655292685107), (990,1.9623631005481548), (991,1.9623606767362698), (992,1.9623582578160801),
  (993,1.9623558437741420), (994,1.9623534345946829), (995,1.9623510302643068), (996,1.9623486307673461), (997,1.9623462360892598), (998,1.9623438462163179), (999,1.9623414611333299), (1000,1.9623390808265966)
;

create or replace function private.t975(p_df integer) returns double precision
language sql
immutable
set search_path = ''
as $$
  -- studentTQuantileSeries(Z_95, df) of stats.ts above the table.
  select coalesce(
    (select t from private.t_quantiles where df = p_df),
    (with c as (select 1.959963984540054::double precision as z, 3.8414588206941236::double precision as z2)
     select z
       + ((z * (z2 + 1)) / 4
         + ((z * (3 + z2 * (16 + 5 * z2))) / 96
           + ((z * (-15 + z2 * (17 + z2 * (19 + 3 * z2)))) / 384
             + ((z * (-945 + z2 * (-1920 + z2 * (1482 + z2 * (776 + 79 * z2))))) / 92160) / p_df) / p_df) / p_df) / p_df
     from c))
$$;
comment on function private.t975(integer) is 'Student-t quantile t(0.975, df): the table for df <= 1000, the Cornish-Fisher series (A&S 26.7.5) above.';

-- The three estimators are plain SQL returning one row, with no SET clause, so Postgres inlines
-- them into the queries that call them (a plpgsql call per touchpoint and metric cost ~0.1 ms
-- each: a third of a 1,000-touchpoint friction_hotspots). They only call pg_catalog and private
-- functions by qualified name. Every step mirrors survey.ts, in the same order of operations.

create or replace function private.nps_estimate(p_promoters double precision, p_detractors double precision, p_n double precision, p_min_n integer)
returns table (value double precision, low double precision, high double precision)
language sql
immutable
as $$
  -- DESIGN.md §4: NPS = 100 (P - D) / N; adjusted Wald: N + 3, P + 3/4, D + 3/4.
  select
    case when w.ok then (100 * (p_promoters - p_detractors)) / p_n end,
    case when w.ok then least(100, greatest(-100, 100 * (w.diff - 1.959963984540054 * w.se))) end,
    case when w.ok then least(100, greatest(-100, 100 * (w.diff + 1.959963984540054 * w.se))) end
  from (
    select a.ok, a.p - a.d as diff, sqrt((a.p + a.d - (a.p - a.d) * (a.p - a.d)) / a.n2) as se
    from (select p_n > 0 and p_n >= p_min_n as ok, (p_promoters + 0.75) / (p_n + 3) as p, (p_detractors + 0.75) / (p_n + 3) as d, p_n + 3 as n2) a
  ) w
$$;
comment on function private.nps_estimate(double precision, double precision, double precision, integer) is
  'NPS and its adjusted-Wald 95 % interval from promoter, detractor and answer counts (null below the minimum n). Mirrors nps() in survey.ts.';

create or replace function private.csat_estimate(p_top double precision, p_n5 double precision, p_sum5 double precision, p_n7 double precision, p_sum7 double precision, p_min_n integer)
returns table (pct double precision, mean double precision, low double precision, high double precision)
language sql
immutable
as $$
  -- DESIGN.md §4: top-2-box share with a Wilson interval; the mean beside it (1-7 answers
  -- rescaled onto 1-5 only when a touchpoint mixes both scales).
  select
    case when w.ok then (100 * p_top) / w.n end,
    case when not w.ok then null
         when p_n5 = 0 then p_sum7 / p_n7
         when p_n7 = 0 then p_sum5 / p_n5
         else (p_sum5 + p_n7 + (2 * (p_sum7 - p_n7)) / 3) / w.n end,
    case when w.ok then least(100, greatest(0, 100 * (w.centre - w.half))) end,
    case when w.ok then least(100, greatest(0, 100 * (w.centre + w.half))) end
  from (
    select a.ok, a.n,
      (a.p + a.z2 / (2 * a.n)) / (1 + a.z2 / a.n) as centre,
      (1.959963984540054 * sqrt((a.p * (1 - a.p)) / a.n + a.z2 / (4 * a.n * a.n))) / (1 + a.z2 / a.n) as half
    from (
      select p_n5 + p_n7 > 0 and p_n5 + p_n7 >= p_min_n as ok, nullif(p_n5 + p_n7, 0) as n,
        p_top / nullif(p_n5 + p_n7, 0) as p, 1.959963984540054 * 1.959963984540054 as z2
    ) a
  ) w
$$;
comment on function private.csat_estimate(double precision, double precision, double precision, double precision, double precision, integer) is
  'CSAT top-2-box percent with its Wilson 95 % interval and the mean score (null below the minimum n). Mirrors csat() in survey.ts.';

create or replace function private.ces_estimate(p_n double precision, p_sum double precision, p_sum_squares double precision, p_easy double precision, p_min_n integer)
returns table (mean double precision, low double precision, high double precision, easy_pct double precision)
language sql
stable
as $$
  -- DESIGN.md §4: mean on 1-7 with a Student-t interval (none for a single answer); share of 5-7.
  select
    case when w.ok then w.mean end,
    case when w.ok and p_n >= 2 then least(7, greatest(1, w.mean - w.half)) end,
    case when w.ok and p_n >= 2 then least(7, greatest(1, w.mean + w.half)) end,
    case when w.ok then (100 * p_easy) / p_n end
  from (
    select a.ok, a.mean,
      case when p_n >= 2 then (private.t975((p_n - 1)::integer) * sqrt(greatest(0, (p_n * p_sum_squares - p_sum * p_sum) / (p_n * (p_n - 1))))) / sqrt(p_n) end as half
    from (select p_n > 0 and p_n >= p_min_n as ok, p_sum / nullif(p_n, 0) as mean) a
  ) w
$$;
comment on function private.ces_estimate(double precision, double precision, double precision, double precision, integer) is
  'CES mean with its Student-t 95 % interval and the share of 5-7 answers (null below the minimum n). Mirrors ces() in survey.ts.';

-- Who may read ----------------------------------------------------------------------------------

create or replace function private.readable_journey(p_journey_id uuid) returns uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_workspace uuid;
begin
  select j.workspace_id into v_workspace from public.journeys j where j.id = p_journey_id;
  if v_workspace is null
     or not (auth.role() = 'service_role' or v_workspace in (select public.member_workspace_ids())) then
    raise exception 'journey not found or not readable' using errcode = '42501';
  end if;
  return v_workspace;
end
$$;
comment on function private.readable_journey(uuid) is
  'The workspace of a journey the caller may read (a member, or the service role); raises 42501 otherwise, the same for a missing journey so ids cannot be probed.';

-- touchpoint_metrics ----------------------------------------------------------------------------

create or replace function private.metric_sums(
  p_ids uuid[], p_from timestamptz, p_to timestamptz, p_persona_id uuid, p_channel text,
  p_bucket text default null, p_by_stage boolean default false
) returns table (key uuid, bucket timestamptz,
  nps_n bigint, promoters bigint, detractors bigint,
  n5 bigint, sum5 bigint, n7 bigint, sum7 bigint, top bigint,
  ces_n bigint, ces_sum bigint, ces_sq bigint, ces_easy bigint)
language sql
stable
-- No SET clause, like response_counts: Postgres inlines it into its callers.
as $$
  select case when p_by_stage then t.stage_id else c.touchpoint_id end,
    case when p_bucket is not null then date_trunc(p_bucket, c.day::timestamp) at time zone 'UTC' end,
    (sum(c.n) filter (where c.metric = 'nps'))::bigint,
    (sum(c.c9 + c.c10) filter (where c.metric = 'nps'))::bigint,
    (sum(c.c0 + c.c1 + c.c2 + c.c3 + c.c4 + c.c5 + c.c6) filter (where c.metric = 'nps'))::bigint,
    (sum(c.n) filter (where c.metric = 'csat' and c.scale_max = 5))::bigint,
    (sum(c.c1 + 2 * c.c2 + 3 * c.c3 + 4 * c.c4 + 5 * c.c5) filter (where c.metric = 'csat' and c.scale_max = 5))::bigint,
    (sum(c.n) filter (where c.metric = 'csat' and c.scale_max = 7))::bigint,
    (sum(c.c1 + 2 * c.c2 + 3 * c.c3 + 4 * c.c4 + 5 * c.c5 + 6 * c.c6 + 7 * c.c7) filter (where c.metric = 'csat' and c.scale_max = 7))::bigint,
    (sum(case when c.scale_max = 5 then c.c4 + c.c5 else c.c6 + c.c7 end) filter (where c.metric = 'csat'))::bigint,
    (sum(c.n) filter (where c.metric = 'ces'))::bigint,
    (sum(c.c1 + 2 * c.c2 + 3 * c.c3 + 4 * c.c4 + 5 * c.c5 + 6 * c.c6 + 7 * c.c7) filter (where c.metric = 'ces'))::bigint,
    (sum(c.c1 + 4 * c.c2 + 9 * c.c3 + 16 * c.c4 + 25 * c.c5 + 36 * c.c6 + 49 * c.c7) filter (where c.metric = 'ces'))::bigint,
    (sum(c.c5 + c.c6 + c.c7) filter (where c.metric = 'ces'))::bigint
  from private.response_counts(p_ids, p_from, p_to, p_persona_id, p_channel, p_bucket is null or p_bucket = 'month') c
  left join public.touchpoints t on p_by_stage and t.id = c.touchpoint_id
  group by 1, 2
$$;
comment on function private.metric_sums(uuid[], timestamptz, timestamptz, uuid, text, text, boolean) is
  'The sums every estimator needs (NPS promoters/detractors/n, CSAT top-2-box and score sums per scale, CES n/sum/sum of squares/easy), per touchpoint (or per stage with p_by_stage) and, with p_bucket (day, week or month), per UTC bucket. Shared by touchpoint_metrics, touchpoint_trend and stage_experience.';

create or replace function private.metrics_rows(
  p_ids uuid[], p_min_n integer, p_from timestamptz, p_to timestamptz, p_persona_id uuid, p_channel text
) returns table (
  touchpoint_id uuid, touchpoint_name text, stage_id uuid,
  nps double precision, nps_n integer, nps_low double precision, nps_high double precision,
  csat_pct double precision, csat_mean double precision, csat_n integer, csat_low double precision, csat_high double precision,
  ces_mean double precision, ces_n integer, ces_low double precision, ces_high double precision, ces_easy_pct double precision,
  frt_median_minutes double precision, frt_p90_minutes double precision,
  ttr_mean_hours double precision, ttr_median_hours double precision, ttr_p90_hours double precision,
  cases_open integer, feedback_n integer, negative_share double precision,
  frt_n integer, ttr_n integer, min_n integer
)
language plpgsql
stable
set search_path = ''
-- JIT compiles for ~75 ms on estimates of rows that never come (the edge-hour branches): off.
set jit = off
as $$
declare
  v_ids uuid[] := p_ids;
  v_min_n integer := p_min_n;
begin
  return query
  with counts as (
    select m.key as touchpoint_id, m.* from private.metric_sums(v_ids, p_from, p_to, p_persona_id, p_channel) m
  ),
  -- Cases carry no persona: under a persona filter their columns are null, never unfiltered.
  -- date_part (double precision), not extract (numeric since Postgres 14): no numeric maths per case.
  cases as (
    select s.touchpoint_id,
      count(*) filter (where s.first_response_at is not null) as frt_n,
      -- Both percentiles from one sort each (an array of fractions).
      percentile_cont(array[0.5, 0.9]) within group (order by date_part('epoch', s.first_response_at - s.opened_at) / 60)
        filter (where s.first_response_at is not null) as frt_pcts,
      count(*) filter (where s.resolved_at is not null) as ttr_n,
      avg(date_part('epoch', s.resolved_at - s.opened_at) / 3600) filter (where s.resolved_at is not null) as ttr_mean,
      percentile_cont(array[0.5, 0.9]) within group (order by date_part('epoch', s.resolved_at - s.opened_at) / 3600)
        filter (where s.resolved_at is not null) as ttr_pcts,
      count(*) filter (where s.resolved_at is null) as open_n
    from public.service_cases s
    where s.touchpoint_id = any (v_ids) and p_persona_id is null
      and (p_from is null or s.opened_at >= p_from) and (p_to is null or s.opened_at < p_to)
      and (p_channel is null or s.channel = p_channel)
    group by s.touchpoint_id
  ),
  -- Feedback carries no channel: under a channel filter its columns are null.
  fb as (
    select f.touchpoint_id, count(*) as total,
      count(*) filter (where f.sentiment is not null) as scored,
      count(*) filter (where f.sentiment = 'negative') as negative
    from public.feedback f
    where f.touchpoint_id = any (v_ids) and p_channel is null
      and (p_from is null or f.created_at >= p_from) and (p_to is null or f.created_at < p_to)
      and (p_persona_id is null or f.persona_id = p_persona_id)
    group by f.touchpoint_id
  )
  select t.id, t.name, t.stage_id,
    n.value, coalesce(c.nps_n, 0)::integer, n.low, n.high,
    s.pct, s.mean, (coalesce(c.n5, 0) + coalesce(c.n7, 0))::integer, s.low, s.high,
    e.mean, coalesce(c.ces_n, 0)::integer, e.low, e.high, e.easy_pct,
    case when k.frt_n >= v_min_n then k.frt_pcts[1] end,
    case when k.frt_n >= v_min_n then k.frt_pcts[2] end,
    case when k.ttr_n >= v_min_n then k.ttr_mean end,
    case when k.ttr_n >= v_min_n then k.ttr_pcts[1] end,
    case when k.ttr_n >= v_min_n then k.ttr_pcts[2] end,
    case when p_persona_id is null then coalesce(k.open_n, 0)::integer end,
    case when p_channel is null then coalesce(f.total, 0)::integer end,
    case when f.scored >= v_min_n then f.negative::double precision / f.scored end,
    case when p_persona_id is null then coalesce(k.frt_n, 0)::integer end,
    case when p_persona_id is null then coalesce(k.ttr_n, 0)::integer end,
    v_min_n
  from public.touchpoints t
  left join public.stages st on st.id = t.stage_id
  left join counts c on c.touchpoint_id = t.id
  left join cases k on k.touchpoint_id = t.id
  left join fb f on f.touchpoint_id = t.id
  cross join lateral private.nps_estimate(coalesce(c.promoters, 0), coalesce(c.detractors, 0), coalesce(c.nps_n, 0), v_min_n) n
  cross join lateral private.csat_estimate(coalesce(c.top, 0), coalesce(c.n5, 0), coalesce(c.sum5, 0), coalesce(c.n7, 0), coalesce(c.sum7, 0), v_min_n) s
  cross join lateral private.ces_estimate(coalesce(c.ces_n, 0), coalesce(c.ces_sum, 0), coalesce(c.ces_sq, 0), coalesce(c.ces_easy, 0), v_min_n) e
  where t.id = any (v_ids)
  order by st.position nulls last, t.position, t.name;
end
$$;
comment on function private.metrics_rows(uuid[], integer, timestamptz, timestamptz, uuid, text) is
  'The rows of touchpoint_metrics for any set of touchpoints (one journey, or a whole workspace for friction_hotspots), with the given minimum n. No permission check: callers check first.';

create or replace function public.touchpoint_metrics(
  p_journey_id uuid,
  p_from timestamptz default null,
  p_to timestamptz default null,
  p_persona_id uuid default null,
  p_channel text default null
) returns table (
  touchpoint_id uuid, touchpoint_name text, stage_id uuid,
  nps double precision, nps_n integer, nps_low double precision, nps_high double precision,
  csat_pct double precision, csat_mean double precision, csat_n integer, csat_low double precision, csat_high double precision,
  ces_mean double precision, ces_n integer, ces_low double precision, ces_high double precision, ces_easy_pct double precision,
  frt_median_minutes double precision, frt_p90_minutes double precision,
  ttr_mean_hours double precision, ttr_median_hours double precision, ttr_p90_hours double precision,
  cases_open integer, feedback_n integer, negative_share double precision,
  frt_n integer, ttr_n integer, min_n integer
)
language plpgsql
stable
security definer
set search_path = ''
-- JIT compiles for ~75 ms on estimates of rows that never come (the edge-hour branches): off.
set jit = off
as $$
declare
  v_workspace uuid := private.readable_journey(p_journey_id);
  v_min_n integer;
  v_ids uuid[];
begin
  select w.metric_min_n into v_min_n from public.workspaces w where w.id = v_workspace;
  select coalesce(array_agg(t.id), '{}') into v_ids
  from public.touchpoints t where t.journey_id = p_journey_id and t.archived_at is null;

  return query select * from private.metrics_rows(v_ids, v_min_n, p_from, p_to, p_persona_id, p_channel);
end
$$;
comment on function public.touchpoint_metrics(uuid, timestamptz, timestamptz, uuid, text) is
  'Public API: one row per live touchpoint of a journey with NPS, CSAT, CES (value, n, 95 % interval), FRT, TTR, open cases, feedback volume and negative share, for answers in [p_from, p_to), optionally one persona and/or channel. Null below the workspace''s minimum n. docs/api.md.';

-- touchpoint_trend ------------------------------------------------------------------------------

create or replace function public.touchpoint_trend(
  p_touchpoint_id uuid,
  p_metric text,
  p_bucket text default 'week',
  p_from timestamptz default null,
  p_to timestamptz default null,
  p_persona_id uuid default null,
  p_channel text default null
) returns table (bucket_start timestamptz, value double precision, n integer, low double precision, high double precision)
language plpgsql
stable
security definer
set search_path = ''
-- JIT compiles for ~75 ms on estimates of rows that never come (the edge-hour branches): off.
set jit = off
as $$
declare
  v_journey uuid;
  v_min_n integer;
begin
  if p_metric is null or p_metric not in ('nps', 'csat', 'ces', 'frt', 'ttr') then
    raise exception 'p_metric must be nps, csat, ces, frt or ttr' using errcode = '22023';
  end if;
  if p_bucket is null or p_bucket not in ('day', 'week', 'month') then
    raise exception 'p_bucket must be day, week or month' using errcode = '22023';
  end if;
  select t.journey_id into v_journey from public.touchpoints t where t.id = p_touchpoint_id;
  select w.metric_min_n into v_min_n from public.workspaces w where w.id = private.readable_journey(v_journey);

  if p_metric in ('frt', 'ttr') then
    -- Median per bucket (minutes for FRT, hours for TTR); percentiles get no interval here.
    return query
    select (date_trunc(p_bucket, s.opened_at at time zone 'UTC') at time zone 'UTC'),
      case when count(*) >= v_min_n then percentile_cont(0.5) within group (order by s.duration) end,
      count(*)::integer, null::double precision, null::double precision
    from (
      select c.opened_at,
        case when p_metric = 'frt' then date_part('epoch', c.first_response_at - c.opened_at) / 60
             else date_part('epoch', c.resolved_at - c.opened_at) / 3600 end::double precision as duration
      from public.service_cases c
      where c.touchpoint_id = p_touchpoint_id and p_persona_id is null
        and (p_from is null or c.opened_at >= p_from) and (p_to is null or c.opened_at < p_to)
        and (p_channel is null or c.channel = p_channel)
    ) s
    where s.duration is not null
    group by 1 order by 1;
    return;
  end if;

  return query
  with b as (
    select m.bucket,
      case p_metric when 'nps' then m.nps_n when 'csat' then coalesce(m.n5, 0) + coalesce(m.n7, 0) else m.ces_n end as n,
      m.promoters, m.detractors, m.n5, m.sum5, m.n7, m.sum7, m.top, m.ces_n, m.ces_sum, m.ces_sq, m.ces_easy
    from private.metric_sums(array[p_touchpoint_id], p_from, p_to, p_persona_id, p_channel, p_bucket) m
  )
  select b.bucket,
    case p_metric when 'nps' then n.value when 'csat' then s.pct else e.mean end,
    b.n::integer,
    case p_metric when 'nps' then n.low when 'csat' then s.low else e.low end,
    case p_metric when 'nps' then n.high when 'csat' then s.high else e.high end
  from b
  cross join lateral private.nps_estimate(coalesce(b.promoters, 0), coalesce(b.detractors, 0), b.n, v_min_n) n
  cross join lateral private.csat_estimate(coalesce(b.top, 0), coalesce(b.n5, 0), coalesce(b.sum5, 0), coalesce(b.n7, 0), coalesce(b.sum7, 0), v_min_n) s
  cross join lateral private.ces_estimate(coalesce(b.ces_n, 0), coalesce(b.ces_sum, 0), coalesce(b.ces_sq, 0), coalesce(b.ces_easy, 0), v_min_n) e
  where b.n > 0
  order by b.bucket;
end
$$;
comment on function public.touchpoint_trend(uuid, text, text, timestamptz, timestamptz, uuid, text) is
  'Public API: one touchpoint''s NPS, CSAT (top-2-box %), CES (mean), FRT (median minutes) or TTR (median hours) per UTC day, week (Monday) or month, with n and the 95 % interval where the metric has one; null value below the minimum n. docs/api.md.';

-- touchpoint_distribution ------------------------------------------------------------------------

create or replace function public.touchpoint_distribution(
  p_touchpoint_id uuid,
  p_from timestamptz default null,
  p_to timestamptz default null,
  p_persona_id uuid default null,
  p_channel text default null
) returns table (metric text, scale_max smallint, score smallint, n integer)
language plpgsql
stable
security definer
set search_path = ''
-- JIT compiles for ~75 ms on estimates of rows that never come (the edge-hour branches): off.
set jit = off
as $$
declare
  v_journey uuid;
begin
  select t.journey_id into v_journey from public.touchpoints t where t.id = p_touchpoint_id;
  perform private.readable_journey(v_journey);
  return query
  select c.metric, c.scale_max, v.score::smallint, sum(v.k)::integer
  from private.response_counts(array[p_touchpoint_id], p_from, p_to, p_persona_id, p_channel) c
  cross join lateral (values (0, c.c0), (1, c.c1), (2, c.c2), (3, c.c3), (4, c.c4), (5, c.c5), (6, c.c6),
                             (7, c.c7), (8, c.c8), (9, c.c9), (10, c.c10)) v(score, k)
  where (c.metric = 'nps' or v.score between 1 and c.scale_max)
  group by c.metric, c.scale_max, v.score
  order by c.metric, c.scale_max, v.score;
end
$$;
comment on function public.touchpoint_distribution(uuid, timestamptz, timestamptz, uuid, text) is
  'Public API: how many answers of each score a touchpoint received per metric and scale in [p_from, p_to), optionally one persona and/or channel (every score of the scale listed, zeros included).';

-- Targets ---------------------------------------------------------------------------------------

create or replace function public.journey_targets(p_journey_id uuid)
returns table (metric text, target double precision, source text)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_workspace uuid := private.readable_journey(p_journey_id);
begin
  -- A journey override wins over the workspace default, which wins over the built-in default.
  return query
  select d.metric,
    coalesce(j.target, w.target, d.target)::double precision,
    case when j.target is not null then 'journey' when w.target is not null then 'workspace' else 'default' end
  from (values ('nps', 30), ('csat', 80), ('ces', 5.5), ('frt', 60), ('ttr', 24)) d(metric, target)
  left join public.metric_targets w on w.workspace_id = v_workspace and w.journey_id is null and w.metric = d.metric
  left join public.metric_targets j on j.journey_id = p_journey_id and j.metric = d.metric
  order by array_position(array['nps', 'csat', 'ces', 'frt', 'ttr'], d.metric);
end
$$;
comment on function public.journey_targets(uuid) is
  'Public API: the target in force for each metric of a journey and where it comes from (journey override, workspace default, or the built-in default NPS 30, CSAT 80 %, CES 5.5, FRT 60 min, TTR 24 h).';

-- Journey outcomes ------------------------------------------------------------------------------

create table public.journey_outcomes (
  journey_id uuid primary key,
  workspace_id uuid not null,
  period_start date,
  period_end date,
  customers_at_start integer check (customers_at_start is null or customers_at_start >= 0),
  customers_at_end integer check (customers_at_end is null or customers_at_end >= 0),
  new_customers integer check (new_customers is null or new_customers >= 0),
  customers_lost integer check (customers_lost is null or customers_lost >= 0),
  average_purchase_value numeric(14, 2) check (average_purchase_value is null or average_purchase_value >= 0),
  purchase_frequency real check (purchase_frequency is null or purchase_frequency >= 0),
  lifespan real check (lifespan is null or lifespan >= 0),
  margin real check (margin is null or margin between 0 and 1),
  updated_at timestamptz not null default now(),
  check (period_end is null or period_start is null or period_end >= period_start),
  check (customers_lost is null or customers_at_start is null or customers_lost <= customers_at_start),
  foreign key (journey_id, workspace_id) references public.journeys (id, workspace_id) on delete cascade
);
comment on table public.journey_outcomes is
  'Business inputs of a journey for one period: customers at start/end, new and lost customers (churn, retention) and average purchase value, purchase frequency, lifespan, margin (CLV). DESIGN.md §4.';
create trigger journey_outcomes_touch before update on public.journey_outcomes
  for each row execute function public.touch_updated_at();
select private.enable_content_rls('public.journey_outcomes');

revoke execute on function private.rollup_delta_sql(text, integer), private.maintain_response_rollups(),
  private.response_counts(uuid[], timestamptz, timestamptz, uuid, text, boolean), private.t975(integer),
  private.metrics_rows(uuid[], integer, timestamptz, timestamptz, uuid, text),
  private.metric_sums(uuid[], timestamptz, timestamptz, uuid, text, text, boolean),
  private.nps_estimate(double precision, double precision, double precision, integer), private.csat_estimate(double precision, double precision, double precision, double precision, double precision, integer),
  private.ces_estimate(double precision, double precision, double precision, double precision, integer), private.readable_journey(uuid) from public;
revoke execute on function public.touchpoint_metrics(uuid, timestamptz, timestamptz, uuid, text),
  public.touchpoint_trend(uuid, text, text, timestamptz, timestamptz, uuid, text),
  public.touchpoint_distribution(uuid, timestamptz, timestamptz, uuid, text), public.journey_targets(uuid) from public, anon;
grant execute on function public.touchpoint_metrics(uuid, timestamptz, timestamptz, uuid, text),
  public.touchpoint_trend(uuid, text, text, timestamptz, timestamptz, uuid, text),
  public.touchpoint_distribution(uuid, timestamptz, timestamptz, uuid, text), public.journey_targets(uuid) to authenticated, service_role;
