-- Speed of the metric and friction functions (issue 6: friction_hotspots over 1,000 touchpoints
-- and 5M answers, p95 <= 300 ms; issue 5: touchpoint_metrics over 1M answers, p95 <= 150 ms).
-- Same results; what changed is how they are computed (EXPLAIN ANALYZE on bench/friction.ts's
-- database, 5M answers):
--
-- * private.response_counts skips the parts of a period that are empty before touching an index:
--   each branch (whole months, left edge days, right edge days, the two raw-row edges) carries a
--   condition on its bounds alone, which Postgres evaluates once as a one-time filter. Before, an
--   all-time call probed the day and raw-row indexes for every touchpoint four times to find
--   nothing (~40 of its 110 ms for 1,000 touchpoints).
-- * It reads a ragged edge of whole days as their month's row minus the month's other days when
--   those are fewer (from the 2nd of a month: one day row, not 29): a 90-day period's day rows
--   fall from ~170k to ~10k. Counts are integers, so the difference is exact.
-- * The raw-row edges are index-only scans (a covering (touchpoint, time) index).
-- * friction_hotspots reads the answers once for the period and the worsening windows (an open
--   period contains both windows; a period and its recent window are the same), computes the
--   cases and feedback once (the windows need survey values only), and the friction model is
--   inlinable SQL instead of a plpgsql function fed jsonb per touchpoint (~0.1 ms each); custom
--   plans always, no parallel workers.
-- * Inlining: private.friction_format and private.wilson_low lose their SET clause (every name
--   in them is a pg_catalog builtin); ces_estimate looks t(0.975) up itself instead of calling
--   private.t975 (never inlined) once per row.
--
-- The worsening windows end where the period ends (an open end stays open) instead of at now():
-- see worseningWindows() in src/lib/domain/friction/model.ts and docs/friction.md.
--
-- Measured (p50 / p95 through supabase-js, Postgres 15, 2 cores): bench:friction, 5M answers —
-- whole workspace 675 / 810 -> 196 / 218 ms, one persona 599 / 801 -> 129 / 148, a 90-day period
-- 1,080 / 1,286 -> 201 / 209, one journey 78 / 81 -> 28 / 29; bench:metrics, 1M answers —
-- touchpoint_metrics without filters 121 / 175 -> 65 / 72 ms, one persona 39 / 41, 90 days 60 / 65
-- (PGlite: 200 / 225 -> 83 / 86, persona 47 / 52, 90 days 77 / 79).
-- The rollup layout and private.rollup_delta_sql (the triggers' and bulk imports' SQL) are unchanged.

-- The raw-row edges of a period -----------------------------------------------------------------
-- A period's partial days are counted from survey_responses. Answers of one day are scattered
-- over the table (they arrive from many touchpoints), so each edge row cost a heap page read:
-- ~9k pages per edge over 1,000 touchpoints (~300 ms cold for the four edges of a 90-day
-- friction_hotspots). The (touchpoint, time) index now carries the columns the counts read, so
-- the edges are index-only scans. It replaces the old index (same key): imports maintain one
-- index here, as before, a wider one.
create index survey_responses_touchpoint_time_cover_idx on public.survey_responses (touchpoint_id, responded_at)
  include (metric, scale_max, score, persona_id, channel);
drop index public.survey_responses_touchpoint_time_idx;

-- Period bounds ------------------------------------------------------------------------------
-- Immutable, SET-free one-liners: inlined, and constant-folded when the period is known.

create or replace function private.first_whole_day(p_from timestamptz) returns date
language sql immutable parallel safe
as $$
  select case when p_from is null then '-infinity'::date
              when (p_from at time zone 'UTC') = date_trunc('day', p_from at time zone 'UTC') then (p_from at time zone 'UTC')::date
              else (p_from at time zone 'UTC')::date + 1 end
$$;
comment on function private.first_whole_day(timestamptz) is
  'The first UTC day that starts at or after p_from (-infinity for an open start): where the whole days of a period begin.';

create or replace function private.end_whole_day(p_to timestamptz) returns date
language sql immutable parallel safe
as $$
  select case when p_to is null then 'infinity'::date else (p_to at time zone 'UTC')::date end
$$;
comment on function private.end_whole_day(timestamptz) is
  'The UTC day p_to falls in (infinity for an open end): the whole days of a period end before it.';

create or replace function private.first_whole_month(p_first_day date, p_end_day date, p_months boolean) returns date
language sql immutable parallel safe
as $$
  select case when not p_months then p_end_day
              when p_first_day = '-infinity'::date then p_first_day
              when extract(day from p_first_day) = 1 then p_first_day
              else (date_trunc('month', p_first_day::timestamp) + interval '1 month')::date end
$$;
comment on function private.first_whole_month(date, date, boolean) is
  'The first whole month inside the whole days [p_first_day, p_end_day), as its first day; p_end_day when months are not wanted (no month rows are read then).';

create or replace function private.end_whole_month(p_end_day date, p_months boolean) returns date
language sql immutable parallel safe
as $$
  select case when not p_months or p_end_day = 'infinity'::date then p_end_day
              else date_trunc('month', p_end_day::timestamp)::date end
$$;
comment on function private.end_whole_month(date, boolean) is
  'The end (exclusive, a first of month) of the whole months before p_end_day; p_end_day when months are not wanted.';

create or replace function private.utc_midnight(p_day date) returns timestamptz
language sql immutable parallel safe
as $$
  select case when p_day = '-infinity'::date then '-infinity'::timestamptz
              when p_day = 'infinity'::date then 'infinity'::timestamptz
              else p_day::timestamp at time zone 'UTC' end
$$;
comment on function private.utc_midnight(date) is 'The instant a UTC day starts (infinities kept).';

create or replace function private.left_complement(p_from timestamptz, p_to timestamptz, p_months boolean) returns boolean
language sql immutable parallel safe
as $$
  -- Read the whole days before the first whole month as that month's row minus its days before
  -- p_from's, when those are fewer (from the 2nd: one day row instead of 29).
  select p_months and private.first_whole_day(p_from) > '-infinity'::date
    and private.first_whole_month(private.first_whole_day(p_from), private.end_whole_day(p_to), p_months) <= private.end_whole_day(p_to)
    and private.first_whole_month(private.first_whole_day(p_from), private.end_whole_day(p_to), p_months) > private.first_whole_day(p_from)
    and private.first_whole_month(private.first_whole_day(p_from), private.end_whole_day(p_to), p_months) - private.first_whole_day(p_from)
      > private.first_whole_day(p_from) - (private.first_whole_month(private.first_whole_day(p_from), private.end_whole_day(p_to), p_months) - interval '1 month')::date
$$;
comment on function private.left_complement(timestamptz, timestamptz, boolean) is
  'Whether response_counts reads a period''s leading whole days as their month''s row minus the month''s days before them (fewer rows than the days themselves).';

create or replace function private.right_complement(p_from timestamptz, p_to timestamptz, p_months boolean) returns boolean
language sql immutable parallel safe
as $$
  -- Read the whole days after the last whole month as that month's row minus its days from
  -- p_to's on, when those are fewer (up to the 30th: the rest of the month, mostly not yet there).
  select p_months and private.end_whole_day(p_to) < 'infinity'::date
    and private.end_whole_month(private.end_whole_day(p_to), p_months)
      >= private.first_whole_month(private.first_whole_day(p_from), private.end_whole_day(p_to), p_months)
    and private.end_whole_day(p_to) > private.end_whole_month(private.end_whole_day(p_to), p_months)
    and private.end_whole_day(p_to) - private.end_whole_month(private.end_whole_day(p_to), p_months)
      > (private.end_whole_month(private.end_whole_day(p_to), p_months) + interval '1 month')::date - private.end_whole_day(p_to)
$$;
comment on function private.right_complement(timestamptz, timestamptz, boolean) is
  'Whether response_counts reads a period''s trailing whole days as their month''s row minus the month''s days from the period''s end on (fewer rows than the days themselves).';

create or replace function private.months_from(p_from timestamptz, p_to timestamptz, p_months boolean) returns date
language sql immutable parallel safe
as $$
  select case when private.left_complement(p_from, p_to, p_months)
              then (private.first_whole_month(private.first_whole_day(p_from), private.end_whole_day(p_to), p_months) - interval '1 month')::date
              else private.first_whole_month(private.first_whole_day(p_from), private.end_whole_day(p_to), p_months) end
$$;
comment on function private.months_from(timestamptz, timestamptz, boolean) is 'The first month row response_counts reads (one earlier with left_complement).';

create or replace function private.months_to(p_from timestamptz, p_to timestamptz, p_months boolean) returns date
language sql immutable parallel safe
as $$
  select case when private.right_complement(p_from, p_to, p_months)
              then (private.end_whole_month(private.end_whole_day(p_to), p_months) + interval '1 month')::date
              else private.end_whole_month(private.end_whole_day(p_to), p_months) end
$$;
comment on function private.months_to(timestamptz, timestamptz, boolean) is 'The end (exclusive) of the month rows response_counts reads (one later with right_complement).';

-- Score counts of a period -------------------------------------------------------------------

-- The same pieces as before (whole months from month rows, whole days at either end from day
-- rows, the partial days from survey_responses), with every bound computed from the parameters
-- alone. "first < end" on such bounds has no column in it, so Postgres makes it a one-time
-- filter above the branch and an empty branch costs nothing. No SET clause: inlined.
create or replace function private.response_counts(
  p_touchpoint_ids uuid[], p_from timestamptz, p_to timestamptz, p_persona_id uuid, p_channel text,
  p_months boolean default true
) returns table (touchpoint_id uuid, day date, metric text, scale_max smallint, n bigint,
  c0 bigint, c1 bigint, c2 bigint, c3 bigint, c4 bigint, c5 bigint, c6 bigint, c7 bigint, c8 bigint, c9 bigint, c10 bigint)
language sql
stable
parallel safe
as $$
  -- Whole months (with a complement: one more month at either end).
  select r.touchpoint_id, r.day, r.metric, r.scale_max, r.n::bigint,
    r.c0::bigint, r.c1::bigint, r.c2::bigint, r.c3::bigint, r.c4::bigint, r.c5::bigint,
    r.c6::bigint, r.c7::bigint, r.c8::bigint, r.c9::bigint, r.c10::bigint
  from private.response_rollups r
  where private.months_from(p_from, p_to, p_months) < private.months_to(p_from, p_to, p_months)
    and r.touchpoint_id = any (p_touchpoint_ids) and r.span = 'month'
    and r.grain = (case when p_persona_id is null then 0 else 1 end + case when p_channel is null then 0 else 2 end)::smallint
    and r.day >= private.months_from(p_from, p_to, p_months)
    and r.day < private.months_to(p_from, p_to, p_months)
    and (p_persona_id is null or r.persona_id = p_persona_id) and (p_channel is null or r.channel = p_channel)
  union all
  -- Whole days before the first whole month: the days themselves, or (left_complement) minus
  -- the days of that month before them.
  select r.touchpoint_id, r.day, r.metric, r.scale_max, ((case when private.left_complement(p_from, p_to, p_months) then -1 else 1 end) * r.n)::bigint,
    ((case when private.left_complement(p_from, p_to, p_months) then -1 else 1 end) * r.c0)::bigint, ((case when private.left_complement(p_from, p_to, p_months) then -1 else 1 end) * r.c1)::bigint, ((case when private.left_complement(p_from, p_to, p_months) then -1 else 1 end) * r.c2)::bigint, ((case when private.left_complement(p_from, p_to, p_months) then -1 else 1 end) * r.c3)::bigint, ((case when private.left_complement(p_from, p_to, p_months) then -1 else 1 end) * r.c4)::bigint,
    ((case when private.left_complement(p_from, p_to, p_months) then -1 else 1 end) * r.c5)::bigint, ((case when private.left_complement(p_from, p_to, p_months) then -1 else 1 end) * r.c6)::bigint, ((case when private.left_complement(p_from, p_to, p_months) then -1 else 1 end) * r.c7)::bigint, ((case when private.left_complement(p_from, p_to, p_months) then -1 else 1 end) * r.c8)::bigint, ((case when private.left_complement(p_from, p_to, p_months) then -1 else 1 end) * r.c9)::bigint,
    ((case when private.left_complement(p_from, p_to, p_months) then -1 else 1 end) * r.c10)::bigint
    from private.response_rollups r
  where (case when private.left_complement(p_from, p_to, p_months) then private.months_from(p_from, p_to, p_months)
              else private.first_whole_day(p_from) end)
        < (case when private.left_complement(p_from, p_to, p_months) then private.first_whole_day(p_from)
                else least(private.first_whole_month(private.first_whole_day(p_from), private.end_whole_day(p_to), p_months), private.end_whole_day(p_to)) end)
    and r.touchpoint_id = any (p_touchpoint_ids) and r.span = 'day'
    and r.day >= case when private.left_complement(p_from, p_to, p_months) then private.months_from(p_from, p_to, p_months)
               else private.first_whole_day(p_from) end
    and r.day < case when private.left_complement(p_from, p_to, p_months) then private.first_whole_day(p_from)
               else least(private.first_whole_month(private.first_whole_day(p_from), private.end_whole_day(p_to), p_months), private.end_whole_day(p_to)) end
    and r.grain = (case when p_persona_id is null then 0 else 1 end + case when p_channel is null then 0 else 2 end)::smallint
    and (p_persona_id is null or r.persona_id = p_persona_id) and (p_channel is null or r.channel = p_channel)
  union all
  -- Whole days after the last whole month: the days themselves, or (right_complement) minus the
  -- days of that month from the period's end on.
  select r.touchpoint_id, r.day, r.metric, r.scale_max, ((case when private.right_complement(p_from, p_to, p_months) then -1 else 1 end) * r.n)::bigint,
    ((case when private.right_complement(p_from, p_to, p_months) then -1 else 1 end) * r.c0)::bigint, ((case when private.right_complement(p_from, p_to, p_months) then -1 else 1 end) * r.c1)::bigint, ((case when private.right_complement(p_from, p_to, p_months) then -1 else 1 end) * r.c2)::bigint, ((case when private.right_complement(p_from, p_to, p_months) then -1 else 1 end) * r.c3)::bigint, ((case when private.right_complement(p_from, p_to, p_months) then -1 else 1 end) * r.c4)::bigint,
    ((case when private.right_complement(p_from, p_to, p_months) then -1 else 1 end) * r.c5)::bigint, ((case when private.right_complement(p_from, p_to, p_months) then -1 else 1 end) * r.c6)::bigint, ((case when private.right_complement(p_from, p_to, p_months) then -1 else 1 end) * r.c7)::bigint, ((case when private.right_complement(p_from, p_to, p_months) then -1 else 1 end) * r.c8)::bigint, ((case when private.right_complement(p_from, p_to, p_months) then -1 else 1 end) * r.c9)::bigint,
    ((case when private.right_complement(p_from, p_to, p_months) then -1 else 1 end) * r.c10)::bigint
    from private.response_rollups r
  where (case when private.right_complement(p_from, p_to, p_months) then private.end_whole_day(p_to)
              else greatest(private.end_whole_month(private.end_whole_day(p_to), p_months),
                            private.first_whole_month(private.first_whole_day(p_from), private.end_whole_day(p_to), p_months)) end)
        < (case when private.right_complement(p_from, p_to, p_months) then private.months_to(p_from, p_to, p_months)
                else private.end_whole_day(p_to) end)
    and r.touchpoint_id = any (p_touchpoint_ids) and r.span = 'day'
    and r.day >= case when private.right_complement(p_from, p_to, p_months) then private.end_whole_day(p_to)
               else greatest(private.end_whole_month(private.end_whole_day(p_to), p_months),
                             private.first_whole_month(private.first_whole_day(p_from), private.end_whole_day(p_to), p_months)) end
    and r.day < case when private.right_complement(p_from, p_to, p_months) then private.months_to(p_from, p_to, p_months)
               else private.end_whole_day(p_to) end
    and r.grain = (case when p_persona_id is null then 0 else 1 end + case when p_channel is null then 0 else 2 end)::smallint
    and (p_persona_id is null or r.persona_id = p_persona_id) and (p_channel is null or r.channel = p_channel)
  union all
  -- The partial days at the edges (or the whole range when it holds no whole day), as two index
  -- ranges: [p_from, first whole day) and [end of the last whole day, p_to).
  select s.touchpoint_id, (s.responded_at at time zone 'UTC')::date, s.metric, s.scale_max, count(*),
    count(*) filter (where s.score = 0), count(*) filter (where s.score = 1), count(*) filter (where s.score = 2),
    count(*) filter (where s.score = 3), count(*) filter (where s.score = 4), count(*) filter (where s.score = 5),
    count(*) filter (where s.score = 6), count(*) filter (where s.score = 7), count(*) filter (where s.score = 8),
    count(*) filter (where s.score = 9), count(*) filter (where s.score = 10)
  from (
    select s.touchpoint_id, s.responded_at, s.metric, s.scale_max, s.score from public.survey_responses s
    where coalesce(p_from, '-infinity'::timestamptz) < least(private.utc_midnight(private.first_whole_day(p_from)), coalesce(p_to, 'infinity'::timestamptz))
      and s.touchpoint_id = any (p_touchpoint_ids)
      and s.responded_at >= coalesce(p_from, '-infinity'::timestamptz)
      and s.responded_at < least(private.utc_midnight(private.first_whole_day(p_from)), coalesce(p_to, 'infinity'::timestamptz))
      and (p_persona_id is null or s.persona_id = p_persona_id) and (p_channel is null or s.channel = p_channel)
    union all
    select s.touchpoint_id, s.responded_at, s.metric, s.scale_max, s.score from public.survey_responses s
    where greatest(private.utc_midnight(private.end_whole_day(p_to)), private.utc_midnight(private.first_whole_day(p_from))) < coalesce(p_to, 'infinity'::timestamptz)
      and s.touchpoint_id = any (p_touchpoint_ids)
      and s.responded_at >= greatest(private.utc_midnight(private.end_whole_day(p_to)), private.utc_midnight(private.first_whole_day(p_from)))
      and s.responded_at < coalesce(p_to, 'infinity'::timestamptz)
      and (p_persona_id is null or s.persona_id = p_persona_id) and (p_channel is null or s.channel = p_channel)
  ) s
  group by s.touchpoint_id, (s.responded_at at time zone 'UTC')::date, s.metric, s.scale_max
$$;
comment on function private.response_counts(uuid[], timestamptz, timestamptz, uuid, text, boolean) is
  'Score counts per touchpoint, UTC day (the first day for month rows), metric and scale for answers in [p_from, p_to) (null = open), optionally of one persona and/or channel: whole months and days from the rollups, edge days from survey_responses; empty parts are skipped by one-time filters. p_months false reads day rows only (for day and week buckets).';

-- touchpoint_distribution: a month row minus its days (left_complement, right_complement) can
-- leave a metric and scale whose counts add up to zero; such a scale had no answer in the period
-- and stays unlisted, as before.
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
-- Plans for the period at hand (see the alter function statements below).
set plan_cache_mode = force_custom_plan
as $$
declare
  v_journey uuid;
begin
  select t.journey_id into v_journey from public.touchpoints t where t.id = p_touchpoint_id;
  perform private.readable_journey(v_journey);
  return query
  with c as (
    select c.metric, c.scale_max, sum(c.n) as total, sum(c.c0) as c0, sum(c.c1) as c1, sum(c.c2) as c2, sum(c.c3) as c3,
      sum(c.c4) as c4, sum(c.c5) as c5, sum(c.c6) as c6, sum(c.c7) as c7, sum(c.c8) as c8, sum(c.c9) as c9, sum(c.c10) as c10
    from private.response_counts(array[p_touchpoint_id], p_from, p_to, p_persona_id, p_channel) c
    group by c.metric, c.scale_max
    having sum(c.n) > 0
  )
  select c.metric, c.scale_max, v.score::smallint, v.k::integer
  from c
  cross join lateral (values (0, c.c0), (1, c.c1), (2, c.c2), (3, c.c3), (4, c.c4), (5, c.c5), (6, c.c6),
                             (7, c.c7), (8, c.c8), (9, c.c9), (10, c.c10)) v(score, k)
  where (c.metric = 'nps' or v.score between 1 and c.scale_max)
  order by c.metric, c.scale_max, v.score;
end
$$;
comment on function public.touchpoint_distribution(uuid, timestamptz, timestamptz, uuid, text) is
  'Public API: how many answers of each score a touchpoint received per metric and scale in [p_from, p_to), optionally one persona and/or channel (every score of the scale listed, zeros included).';

-- Custom plans for every function that inlines response_counts. Its bounds fold to constants
-- for the period at hand, and empty parts drop out of the plan; the generic plan plpgsql may
-- switch to after five calls on a connection keeps every part, bounds as run-time expressions
-- (2.3 s instead of 0.1 s for a 90-day period over 1,000 touchpoints).
alter function private.metrics_rows(uuid[], integer, timestamptz, timestamptz, uuid, text) set plan_cache_mode = force_custom_plan;
alter function public.touchpoint_trend(uuid, text, text, timestamptz, timestamptz, uuid, text) set plan_cache_mode = force_custom_plan;
alter function public.stage_experience(uuid, timestamptz, timestamptz, uuid, text) set plan_cache_mode = force_custom_plan;

-- The friction model in plain SQL ------------------------------------------------------------

create or replace function private.wilson_low(p_k double precision, p_n double precision) returns double precision
language sql
immutable
parallel safe
as $$
  -- Lower bound of the Wilson 95 % interval of k/n, as a share 0..1 (wilsonInterval in survey.ts).
  -- The same operations as before, z written out so the body is one expression (inlinable).
  select greatest(0, least(100, 100 * (
      ((p_k / p_n) + (1.959963984540054::double precision * 1.959963984540054::double precision) / (2 * p_n))
        / (1 + (1.959963984540054::double precision * 1.959963984540054::double precision) / p_n)
      - (1.959963984540054::double precision * sqrt(((p_k / p_n) * (1 - p_k / p_n)) / p_n
          + (1.959963984540054::double precision * 1.959963984540054::double precision) / (4 * p_n * p_n)))
        / (1 + (1.959963984540054::double precision * 1.959963984540054::double precision) / p_n)
    ))) / 100
$$;
comment on function private.wilson_low(double precision, double precision) is 'Lower bound of the Wilson 95 % interval of a proportion k/n, as a share 0..1.';

-- Stable, not immutable: to_char is stable, and Postgres only inlines a function whose body is
-- no more volatile than its label (as immutable it was called once per number, ~16k calls).
create or replace function private.friction_format(p_metric text, p_value double precision) returns text
language sql
stable
parallel safe
as $$
  -- formatSurvey() in model.ts: NPS signed (with a real minus), CSAT in %, CES and hours with one decimal.
  select case p_metric
    when 'nps' then case when round(p_value::numeric) > 0 then '+' when round(p_value::numeric) < 0 then '−' else '' end
                    || abs(round(p_value::numeric))::text
    when 'csat' then round(p_value::numeric)::text || '%'
    when 'int' then round(p_value::numeric)::text
    else to_char(round(p_value::numeric, 1), 'FM9999999990.0')
  end
$$;
comment on function private.friction_format(text, double precision) is 'Formats a number for friction explanations: nps (signed), csat (%), int, or one decimal (ces, hours).';


-- One row of survey values: what the survey and worsening terms read of a period or window.
create type private.survey_values as (
  nps double precision, nps_low double precision, nps_high double precision, nps_n integer,
  csat double precision, csat_low double precision, csat_high double precision, csat_n integer,
  ces double precision, ces_low double precision, ces_high double precision, ces_n integer
);
comment on type private.survey_values is 'NPS, CSAT (top-2-box %) and CES of one touchpoint over one period: value, 95 % bounds, n. What the friction model''s survey and worsening terms read.';

create or replace function private.friction_of(
  p_current private.survey_values, p_recent private.survey_values, p_previous private.survey_values,
  p_frt double precision, p_frt_n integer, p_ttr double precision, p_ttr_n integer, p_feedback_n integer,
  p_negative integer, p_scored integer, p_top_theme text,
  p_t_nps double precision, p_t_csat double precision, p_t_ces double precision, p_t_frt double precision, p_t_ttr double precision,
  p_min_n integer, p_window_label text
) returns table (score double precision, is_hotspot boolean, evidence_n integer, top_reasons text[], explanation text)
language sql
stable
parallel safe
as $$
  -- friction() of src/lib/domain/friction/model.ts, step for step (docs/friction.md). One SELECT
  -- of plain expressions without a SET clause: inlined into friction_hotspots, so 1,000
  -- touchpoints cost one query instead of 1,000 plpgsql calls fed jsonb. "The worst of" is
  -- greatest() and the first candidate equal to it, as the reference keeps the first on a tie.
  -- (offset 0 keeps each level a subquery, so nothing is computed twice.)
  select t.score, t.has_terms and t.evidence_n >= p_min_n and t.score >= 50, t.evidence_n, t.reasons,
    case when not t.has_terms and t.evidence_n = 0 then 'No evidence yet'
         when not t.has_terms then 'Not enough responses (n=' || t.evidence_n || '; ' || p_min_n || ' needed per metric)'
         when cardinality(t.reasons) = 0 then 'Meets its targets'
         else array_to_string(t.reasons, '; ') end
  from (
    select
      (b.sv is not null or b.fb is not null or b.se is not null or b.wo is not null) as has_terms,
      -- 1 - product of (1 - cap x severity), in the reference's order; a term without evidence
      -- multiplies by exactly 1.
      100 * (1 - (1 - coalesce(1::double precision * b.sv, 0)) * (1 - coalesce(0.8::double precision * b.fb, 0))
                 * (1 - coalesce(0.8::double precision * b.se, 0)) * (1 - coalesce(0.6::double precision * b.wo, 0))) as score,
      (p_current).nps_n + (p_current).csat_n + (p_current).ces_n + coalesce(p_feedback_n, 0) + coalesce(p_frt_n, 0) as evidence_n,
      -- The reasons of the (at most three) largest contributions, largest first (term name on a tie).
      (select coalesce(array_agg(x.r order by x.c desc, x.term), '{}')
       from (select v.term, v.c, v.r
             from (values
               ('survey', 1::double precision * b.sv,
                case when b.sv = b.s1 then 'NPS ' || private.friction_format('nps', (p_current).nps) || ' vs target ' || private.friction_format('nps', p_t_nps) || ' (n=' || (p_current).nps_n || ')'
                     when b.sv = b.s2 then 'CSAT ' || private.friction_format('csat', (p_current).csat) || ' vs target ' || private.friction_format('csat', p_t_csat) || ' (n=' || (p_current).csat_n || ')'
                     else 'CES ' || private.friction_format('ces', (p_current).ces) || ' vs target ' || private.friction_format('ces', p_t_ces) || ' (n=' || (p_current).ces_n || ')' end),
               ('feedback', 0.8::double precision * b.fb,
                round((100.0 * p_negative / nullif(p_scored, 0))::numeric)::text || '% of ' || p_scored || ' comments negative'
                  || coalesce(' — top theme: ' || p_top_theme, '')),
               ('service', 0.8::double precision * b.se,
                case when b.se_ttr then 'resolution ' || private.friction_format('one', p_ttr) || ' h vs target '
                       || private.friction_format('one', p_t_ttr) || ' h (median, n=' || p_ttr_n || ')'
                     else 'first response ' || private.friction_format('int', p_frt) || ' min vs target '
                       || private.friction_format('int', p_t_frt) || ' min (median, n=' || p_frt_n || ')' end),
               ('worsening', 0.6::double precision * b.wo,
                case when b.wo = b.w1 then 'NPS fell from ' || private.friction_format('nps', (p_previous).nps) || ' to ' || private.friction_format('nps', (p_recent).nps)
                     when b.wo = b.w2 then 'CSAT fell from ' || private.friction_format('csat', (p_previous).csat) || ' to ' || private.friction_format('csat', (p_recent).csat)
                     else 'CES fell from ' || private.friction_format('ces', (p_previous).ces) || ' to ' || private.friction_format('ces', (p_recent).ces) end
                  || ' (' || p_window_label || ')')
             ) v(term, c, r)
             where v.c > 0 order by v.c desc, v.term limit 3) x) as reasons
    from (
      select a.*,
        greatest(a.s1, a.s2, a.s3) as sv,
        greatest(a.w1, a.w2, a.w3) as wo,
        greatest(a.f1, a.f2) as se,
        -- TTR is the service reason only when it is strictly worse than FRT (or FRT has none).
        (a.f1 is null or a.f2 > a.f1) as se_ttr
      from (
        select
          -- Survey gap: target minus the interval bound nearest to it, over the full-severity gap.
          case when (p_current).nps is not null then least(1, greatest(0, (p_t_nps - coalesce((p_current).nps_high, (p_current).nps)) / 100::double precision)) end as s1,
          case when (p_current).csat is not null then least(1, greatest(0, (p_t_csat - coalesce((p_current).csat_high, (p_current).csat)) / 50::double precision)) end as s2,
          case when (p_current).ces is not null then least(1, greatest(0, (p_t_ces - coalesce((p_current).ces_high, (p_current).ces)) / 3::double precision)) end as s3,
          -- Negative feedback: the Wilson lower bound of the negative share above 25 %, over 50 points.
          case when p_scored > 0 and p_scored >= p_min_n then least(1, greatest(0, (private.wilson_low(p_negative, p_scored) - 0.25) / 0.5)) end as fb,
          -- Service times: FRT and TTR medians against target (3x target = full severity).
          case when p_frt is not null then least(1, greatest(0, (p_frt / p_t_frt - 1) / 2)) end as f1,
          case when p_ttr is not null then least(1, greatest(0, (p_ttr / p_t_ttr - 1) / 2)) end as f2,
          -- Worsening: the drop from the previous window to the recent one beyond 1.96 standard errors.
          case when (p_recent).nps is not null and (p_recent).nps_low is not null and (p_recent).nps_high is not null
                and (p_previous).nps is not null and (p_previous).nps_low is not null and (p_previous).nps_high is not null
               then least(1, greatest(0, ((p_previous).nps - (p_recent).nps - 1.959963984540054::double precision
                 * sqrt((((p_recent).nps_high - (p_recent).nps_low) / (2 * 1.959963984540054::double precision)) ^ 2
                      + (((p_previous).nps_high - (p_previous).nps_low) / (2 * 1.959963984540054::double precision)) ^ 2)) / 100::double precision)) end as w1,
          case when (p_recent).csat is not null and (p_recent).csat_low is not null and (p_recent).csat_high is not null
                and (p_previous).csat is not null and (p_previous).csat_low is not null and (p_previous).csat_high is not null
               then least(1, greatest(0, ((p_previous).csat - (p_recent).csat - 1.959963984540054::double precision
                 * sqrt((((p_recent).csat_high - (p_recent).csat_low) / (2 * 1.959963984540054::double precision)) ^ 2
                      + (((p_previous).csat_high - (p_previous).csat_low) / (2 * 1.959963984540054::double precision)) ^ 2)) / 50::double precision)) end as w2,
          case when (p_recent).ces is not null and (p_recent).ces_low is not null and (p_recent).ces_high is not null
                and (p_previous).ces is not null and (p_previous).ces_low is not null and (p_previous).ces_high is not null
               then least(1, greatest(0, ((p_previous).ces - (p_recent).ces - 1.959963984540054::double precision
                 * sqrt((((p_recent).ces_high - (p_recent).ces_low) / (2 * 1.959963984540054::double precision)) ^ 2
                      + (((p_previous).ces_high - (p_previous).ces_low) / (2 * 1.959963984540054::double precision)) ^ 2)) / 3::double precision)) end as w3
        offset 0
      ) a
      offset 0
    ) b
    offset 0
  ) t
$$;
comment on function private.friction_of(private.survey_values, private.survey_values, private.survey_values, double precision, integer, double precision, integer, integer, integer, integer, text, double precision, double precision, double precision, double precision, double precision, integer, text) is
  'The friction model of one touchpoint (docs/friction.md): survey gap at the nearest interval bound, negative feedback (Wilson lower bound), service times and worsening, capped 1/0.8/0.8/0.6 and combined as 1 - product(1 - cap x severity) over the terms with evidence; hotspot at >= 50 with enough evidence; explanation from the top terms. Inlinable SQL; mirrors friction() in src/lib/domain/friction/model.ts.';

-- CES interval: t(0.975, n - 1) looked up in the query instead of by a call of private.t975 per
-- row (a SQL function with a SET clause and a subquery is never inlined: ~25 us per call, 3,000
-- calls in friction_hotspots). The same table and the same series above it, the same operations.
create or replace function private.ces_estimate(p_n double precision, p_sum double precision, p_sum_squares double precision, p_easy double precision, p_min_n integer)
returns table (mean double precision, low double precision, high double precision, easy_pct double precision)
language sql
stable
parallel safe
as $$
  -- DESIGN.md §4: mean on 1-7 with a Student-t interval (none for a single answer); share of 5-7.
  select
    case when w.ok then w.mean end,
    case when w.ok and p_n >= 2 then least(7, greatest(1, w.mean - w.half)) end,
    case when w.ok and p_n >= 2 then least(7, greatest(1, w.mean + w.half)) end,
    case when w.ok then (100 * p_easy) / p_n end
  from (
    select a.ok, a.mean,
      case when a.ok and p_n >= 2 then
        ((select coalesce(q.t,
            1.959963984540054::double precision
            + ((1.959963984540054::double precision * (3.8414588206941236::double precision + 1)) / 4
              + ((1.959963984540054::double precision * (3 + 3.8414588206941236::double precision * (16 + 5 * 3.8414588206941236::double precision))) / 96
                + ((1.959963984540054::double precision * (-15 + 3.8414588206941236::double precision * (17 + 3.8414588206941236::double precision * (19 + 3 * 3.8414588206941236::double precision)))) / 384
                  + ((1.959963984540054::double precision * (-945 + 3.8414588206941236::double precision * (-1920 + 3.8414588206941236::double precision
                      * (1482 + 3.8414588206941236::double precision * (776 + 79 * 3.8414588206941236::double precision))))) / 92160) / d.df) / d.df) / d.df) / d.df)
          from (select (p_n - 1)::integer as df) d left join private.t_quantiles q on q.df = d.df)
         * sqrt(greatest(0, (p_n * p_sum_squares - p_sum * p_sum) / (p_n * (p_n - 1))))) / sqrt(p_n) end as half
    from (select p_n > 0 and p_n >= p_min_n as ok, p_sum / nullif(p_n, 0) as mean) a
    -- offset 0: half (and its t lookup) is computed once, not once for each bound.
    offset 0
  ) w
$$;
comment on function private.ces_estimate(double precision, double precision, double precision, double precision, integer) is
  'CES mean with its Student-t 95 % interval and the share of 5-7 answers (null below the minimum n). Mirrors ces() in survey.ts; t(0.975, df) as private.t975 computes it, inlined.';

-- Survey values of the period and both worsening windows, in one read -----------------------

create or replace function private.window_survey(
  p_ids uuid[], p_min_n integer, p_from timestamptz, p_to timestamptz, p_recent_from date,
  p_previous_in_from date, p_previous_from timestamptz, p_previous_to timestamptz, p_persona_id uuid, p_channel text
) returns table (touchpoint_id uuid, cur private.survey_values, rec private.survey_values, prev private.survey_values)
language sql
stable
parallel safe
as $$
  -- The period [p_from, p_to) is read once; its recent window is the part from p_recent_from
  -- (a UTC day; -infinity: all of it) and, for an open period, its previous window the part in
  -- [p_previous_in_from, p_recent_from). A previous window outside the period (a period's stretch
  -- before it: [p_previous_from, p_previous_to)) is read apart (none when the two are equal).
  -- Every piece response_counts returns lies within one UTC day or month, and the window bounds
  -- are whole months or -infinity, so tagging pieces by their day is exact.
  with pieces as (
    select c.touchpoint_id, c.metric, c.scale_max,
      case when c.day >= p_recent_from then 1 when c.day >= p_previous_in_from then 2 else 0 end as part,
      c.n, c.c0, c.c1, c.c2, c.c3, c.c4, c.c5, c.c6, c.c7, c.c8, c.c9, c.c10
    from private.response_counts(p_ids, p_from, p_to, p_persona_id, p_channel) c
    union all
    select c.touchpoint_id, c.metric, c.scale_max, 3, c.n, c.c0, c.c1, c.c2, c.c3, c.c4, c.c5, c.c6, c.c7, c.c8, c.c9, c.c10
    from private.response_counts(p_ids, p_previous_from, p_previous_to, p_persona_id, p_channel) c
    where p_previous_from is distinct from p_previous_to
  ),
  -- part 0: the period only; 1: the period and the recent window; 2: the period and the previous
  -- window; 3: the previous window only. Plain integer sums per part first (a few rows per
  -- touchpoint; sum(integer) is much cheaper than sum(bigint)), the metric sums of each window after.
  parts as (
    select p.touchpoint_id, p.part, p.metric, p.scale_max,
      sum(p.n::integer) as n, sum(p.c0::integer) as c0, sum(p.c1::integer) as c1, sum(p.c2::integer) as c2,
      sum(p.c3::integer) as c3, sum(p.c4::integer) as c4, sum(p.c5::integer) as c5, sum(p.c6::integer) as c6,
      sum(p.c7::integer) as c7, sum(p.c8::integer) as c8, sum(p.c9::integer) as c9, sum(p.c10::integer) as c10
    from pieces p
    group by p.touchpoint_id, p.part, p.metric, p.scale_max
  ),
  windows as (
    select p.touchpoint_id, w.w,
      coalesce(sum(p.n) filter (where p.metric = 'nps'), 0)::bigint as nps_n,
      coalesce(sum(p.c9 + p.c10) filter (where p.metric = 'nps'), 0)::bigint as promoters,
      coalesce(sum(p.c0 + p.c1 + p.c2 + p.c3 + p.c4 + p.c5 + p.c6) filter (where p.metric = 'nps'), 0)::bigint as detractors,
      coalesce(sum(p.n) filter (where p.metric = 'csat' and p.scale_max = 5), 0)::bigint as n5,
      coalesce(sum(p.c1 + 2 * p.c2 + 3 * p.c3 + 4 * p.c4 + 5 * p.c5) filter (where p.metric = 'csat' and p.scale_max = 5), 0)::bigint as sum5,
      coalesce(sum(p.n) filter (where p.metric = 'csat' and p.scale_max = 7), 0)::bigint as n7,
      coalesce(sum(p.c1 + 2 * p.c2 + 3 * p.c3 + 4 * p.c4 + 5 * p.c5 + 6 * p.c6 + 7 * p.c7) filter (where p.metric = 'csat' and p.scale_max = 7), 0)::bigint as sum7,
      coalesce(sum(case when p.scale_max = 5 then p.c4 + p.c5 else p.c6 + p.c7 end) filter (where p.metric = 'csat'), 0)::bigint as top,
      coalesce(sum(p.n) filter (where p.metric = 'ces'), 0)::bigint as ces_n,
      coalesce(sum(p.c1 + 2 * p.c2 + 3 * p.c3 + 4 * p.c4 + 5 * p.c5 + 6 * p.c6 + 7 * p.c7) filter (where p.metric = 'ces'), 0)::bigint as ces_sum,
      coalesce(sum(p.c1 + 4 * p.c2 + 9 * p.c3 + 16 * p.c4 + 25 * p.c5 + 36 * p.c6 + 49 * p.c7) filter (where p.metric = 'ces'), 0)::bigint as ces_sq,
      coalesce(sum(p.c5 + p.c6 + p.c7) filter (where p.metric = 'ces'), 0)::bigint as ces_easy
    from parts p
    join (values (0, 0), (0, 1), (0, 2), (1, 1), (2, 2), (2, 3)) w(w, part) on w.part = p.part
    group by p.touchpoint_id, w.w
  ),
  est as (
    select w.touchpoint_id, w.w,
      row(n.value, n.low, n.high, w.nps_n::integer, s.pct, s.low, s.high, (w.n5 + w.n7)::integer, e.mean, e.low, e.high, w.ces_n::integer)::private.survey_values as v
    from windows w
    cross join lateral private.nps_estimate(w.promoters, w.detractors, w.nps_n, p_min_n) n
    cross join lateral private.csat_estimate(w.top, w.n5, w.sum5, w.n7, w.sum7, p_min_n) s
    cross join lateral private.ces_estimate(w.ces_n, w.ces_sum, w.ces_sq, w.ces_easy, p_min_n) e
  )
  select t.id, coalesce(e0.v, z.v), coalesce(e1.v, z.v), coalesce(e2.v, z.v)
  from unnest(p_ids) t(id)
  cross join (select row(null, null, null, 0, null, null, null, 0, null, null, null, 0)::private.survey_values as v) z
  left join est e0 on e0.touchpoint_id = t.id and e0.w = 0
  left join est e1 on e1.touchpoint_id = t.id and e1.w = 1
  left join est e2 on e2.touchpoint_id = t.id and e2.w = 2
$$;
comment on function private.window_survey(uuid[], integer, timestamptz, timestamptz, date, date, timestamptz, timestamptz, uuid, text) is
  'NPS, CSAT and CES (value, bounds, n) per touchpoint for a period and the two worsening windows of friction_hotspots, reading the period''s answers once (the windows inside it are tagged by day) and a previous window outside the period apart. Inlinable SQL; no permission check.';

-- friction_hotspots ------------------------------------------------------------------------------

create or replace function public.friction_hotspots(
  p_workspace_id uuid,
  p_journey_id uuid default null,
  p_from timestamptz default null,
  p_to timestamptz default null,
  p_persona_id uuid default null,
  p_channel text default null
) returns table (
  touchpoint_id uuid, touchpoint_name text, journey_id uuid, journey_name text, stage_name text,
  friction_score double precision, is_hotspot boolean, evidence_n integer, top_reasons text[], explanation text
)
language plpgsql
stable
security definer
set search_path = ''
-- JIT compiles for ~75 ms on estimates of rows that never come (the edge-hour branches): off.
set jit = off
-- The FRT and TTR medians sort up to every case of the workspace: in memory, not on disk.
set work_mem = '32MB'
-- Plans for the parameters at hand: the generic plan plpgsql switches to after five calls on a
-- connection guesses the touchpoint arrays and the empty period parts, and took 500 ms, not 250.
set plan_cache_mode = force_custom_plan
-- No parallel workers: on a small server (the bench's has two cores) starting them and sharing
-- the cores cost more than they save on a 39k-row scan (window_survey: 110 ms with, 75 without).
set max_parallel_workers_per_gather = 0
as $$
declare
  -- Worsening compares a recent window with the one before it: for a period, the period itself
  -- and the stretch of the same length before it; for an open period, everything since the
  -- start of the month three months back (so this month's answers count at once) against the
  -- three whole months before that. The recent window ends where the period ends (an open
  -- period: open), so it is always a part of the period and costs no read of its own.
  v_end timestamptz := coalesce(p_to, now());
  v_month timestamp;
  v_recent_from date := '-infinity';
  v_previous_in_from date := '-infinity';
  v_previous_from timestamptz;
  v_previous_to timestamptz;
  v_label text;
  v_days integer;
  v_min_n integer;
  v_ids uuid[];
begin
  if p_workspace_id is null or not (auth.role() = 'service_role' or p_workspace_id in (select public.member_workspace_ids())) then
    raise exception 'workspace not found or not readable' using errcode = '42501';
  end if;
  if p_from is null then
    v_month := date_trunc('month', v_end at time zone 'UTC');
    v_recent_from := (v_month - interval '3 months')::date;
    v_previous_in_from := (v_month - interval '6 months')::date;
    v_label := 'since ' || to_char(v_month - interval '3 months', 'YYYY-MM-DD') || ' vs the 3 months before';
  else
    if v_end <= p_from then
      raise exception 'p_to must be after p_from' using errcode = '22023';
    end if;
    v_previous_from := p_from - (v_end - p_from);
    v_previous_to := p_from;
    v_days := round(extract(epoch from v_end - p_from) / 86400)::integer;
    v_label := 'last ' || v_days || ' days vs the ' || v_days || ' before';
  end if;
  select w.metric_min_n into v_min_n from public.workspaces w where w.id = p_workspace_id;
  select coalesce(array_agg(t.id), '{}') into v_ids
  from public.touchpoints t join public.journeys j on j.id = t.journey_id
  where j.workspace_id = p_workspace_id and j.archived_at is null and t.archived_at is null
    and (p_journey_id is null or j.id = p_journey_id);

  return query
  with sv as (
    select * from private.window_survey(v_ids, v_min_n, p_from, p_to, v_recent_from, v_previous_in_from,
      v_previous_from, v_previous_to, p_persona_id, p_channel)
  ),
  -- The targets in force per journey: journey override, workspace default, built-in default
  -- (journey_targets, for all journeys at once).
  targets as (
    select j.id as jid,
      max(g.target) filter (where g.metric = 'nps') as nps, max(g.target) filter (where g.metric = 'csat') as csat,
      max(g.target) filter (where g.metric = 'ces') as ces, max(g.target) filter (where g.metric = 'frt') as frt,
      max(g.target) filter (where g.metric = 'ttr') as ttr
    from public.journeys j
    cross join lateral (
      select d.metric, coalesce(o.target, w.target, d.target)::double precision as target
      from (values ('nps', 30), ('csat', 80), ('ces', 5.5), ('frt', 60), ('ttr', 24)) d(metric, target)
      left join public.metric_targets w on w.workspace_id = p_workspace_id and w.journey_id is null and w.metric = d.metric
      left join public.metric_targets o on o.journey_id = j.id and o.metric = d.metric
    ) g
    where j.workspace_id = p_workspace_id and j.archived_at is null and (p_journey_id is null or j.id = p_journey_id)
    group by j.id
  ),
  -- Cases carry no persona: under a persona filter their terms are absent, never unfiltered.
  cases as (
    select s.touchpoint_id,
      count(*) filter (where s.first_response_at is not null) as frt_n,
      percentile_cont(0.5) within group (order by date_part('epoch', s.first_response_at - s.opened_at) / 60)
        filter (where s.first_response_at is not null) as frt_median,
      count(*) filter (where s.resolved_at is not null) as ttr_n,
      percentile_cont(0.5) within group (order by date_part('epoch', s.resolved_at - s.opened_at) / 3600)
        filter (where s.resolved_at is not null) as ttr_median
    from public.service_cases s
    where s.touchpoint_id = any (v_ids) and p_persona_id is null
      and (p_from is null or s.opened_at >= p_from) and (p_to is null or s.opened_at < p_to)
      and (p_channel is null or s.channel = p_channel)
    group by s.touchpoint_id
  ),
  -- Feedback carries no channel: under a channel filter its term is absent. The top theme is the
  -- most frequent one among the negative comments, the first in order on a tie (as mode() picks),
  -- from counts per touchpoint, sentiment and theme: hashed, where mode() sorted every comment.
  fb_counts as (
    select f.touchpoint_id, f.sentiment, f.theme, count(*)::integer as k
    from public.feedback f
    where f.touchpoint_id = any (v_ids) and p_channel is null
      and (p_from is null or f.created_at >= p_from) and (p_to is null or f.created_at < p_to)
      and (p_persona_id is null or f.persona_id = p_persona_id)
    group by f.touchpoint_id, f.sentiment, f.theme
  ),
  fb as (
    select c.touchpoint_id, sum(c.k)::integer as total,
      coalesce(sum(c.k) filter (where c.sentiment = 'negative'), 0)::integer as negative,
      coalesce(sum(c.k) filter (where c.sentiment is not null), 0)::integer as scored,
      (array_agg(c.theme order by c.k desc, c.theme) filter (where c.sentiment = 'negative' and c.theme is not null))[1] as top_theme
    from fb_counts c
    group by c.touchpoint_id
  )
  select t.id, t.name, j.id, j.name, st.name,
    r.score, r.is_hotspot, r.evidence_n, r.top_reasons, r.explanation
  from sv
  join public.touchpoints t on t.id = sv.touchpoint_id
  join public.journeys j on j.id = t.journey_id
  join targets tg on tg.jid = j.id
  left join public.stages st on st.id = t.stage_id
  left join cases k on k.touchpoint_id = t.id
  left join fb on fb.touchpoint_id = t.id
  cross join lateral private.friction_of(sv.cur, sv.rec, sv.prev,
    case when k.frt_n >= v_min_n then k.frt_median end,
    case when p_persona_id is null then coalesce(k.frt_n, 0)::integer end,
    case when k.ttr_n >= v_min_n then k.ttr_median end,
    case when p_persona_id is null then coalesce(k.ttr_n, 0)::integer end,
    case when p_channel is null then coalesce(fb.total, 0) end,
    coalesce(fb.negative, 0), coalesce(fb.scored, 0), fb.top_theme,
    tg.nps, tg.csat, tg.ces, tg.frt, tg.ttr, v_min_n, v_label) r
  order by r.score desc, t.name, t.id;
end
$$;
comment on function public.friction_hotspots(uuid, uuid, timestamptz, timestamptz, uuid, text) is
  'Public API: every live touchpoint of a workspace (or one journey) ranked by friction 0-100 for [p_from, p_to), optionally one persona and/or channel, with the hotspot flag, the evidence count, the top reasons and a plain-language explanation. docs/friction.md, docs/api.md.';

-- The plpgsql model fed jsonb is replaced by private.friction_of.
drop function if exists private.friction(jsonb, jsonb, jsonb, integer, integer, text, jsonb, integer, text);

revoke execute on function private.first_whole_day(timestamptz), private.end_whole_day(timestamptz),
  private.first_whole_month(date, date, boolean), private.end_whole_month(date, boolean), private.utc_midnight(date),
  private.left_complement(timestamptz, timestamptz, boolean), private.right_complement(timestamptz, timestamptz, boolean),
  private.months_from(timestamptz, timestamptz, boolean), private.months_to(timestamptz, timestamptz, boolean),
  private.friction_of(private.survey_values, private.survey_values, private.survey_values, double precision, integer, double precision, integer, integer, integer, integer, text, double precision, double precision, double precision, double precision, double precision, integer, text),
  private.window_survey(uuid[], integer, timestamptz, timestamptz, date, date, timestamptz, timestamptz, uuid, text) from public;
