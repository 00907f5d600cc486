-- The experience curve computed from evidence (issue 6): per stage of a journey, NPS, CSAT and
-- CES pooled over all answers to the stage's touchpoints, with their 95 % intervals, and an
-- experience index on the expected-emotion scale (-2 .. +2) so the canvas can draw the data's
-- curve beside the team's belief. docs/friction.md explains the index.

create or replace function public.stage_experience(
  p_journey_id uuid,
  p_from timestamptz default null,
  p_to timestamptz default null,
  p_persona_id uuid default null,
  p_channel text default null
) returns table (
  stage_id uuid, stage_name text, stage_position integer,
  nps double precision, nps_low double precision, nps_high double precision, nps_n integer,
  csat_pct double precision, csat_low double precision, csat_high double precision, csat_n integer,
  ces_mean double precision, ces_low double precision, ces_high double precision, ces_n integer,
  experience double precision, experience_low double precision, experience_high double precision
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
  from public.touchpoints t where t.journey_id = p_journey_id and t.archived_at is null and t.stage_id is not null;

  return query
  with counts as (
    select m.key as stage_id, m.* from private.metric_sums(v_ids, p_from, p_to, p_persona_id, p_channel, null, true) m
  ),
  stats as (
    select s.id, s.name, s.position, c.nps_n, c.n5, c.n7, c.ces_n,
      n.value as nps, n.low as nps_low, n.high as nps_high,
      k.pct as csat, k.low as csat_low, k.high as csat_high,
      e.mean as ces, e.low as ces_low, e.high as ces_high
    from public.stages s
    left join counts c on c.stage_id = s.id
    cross join lateral private.nps_estimate(coalesce(c.promoters, 0), coalesce(c.detractors, 0), coalesce(c.nps_n, 0), v_min_n) n
    cross join lateral private.csat_estimate(coalesce(c.top, 0), coalesce(c.n5, 0), coalesce(c.sum5, 0), coalesce(c.n7, 0), coalesce(c.sum7, 0), v_min_n) k
    cross join lateral private.ces_estimate(coalesce(c.ces_n, 0), coalesce(c.ces_sum, 0), coalesce(c.ces_sq, 0), coalesce(c.ces_easy, 0), v_min_n) e
    where s.journey_id = p_journey_id and s.archived_at is null
  )
  -- Experience index: the mean of the metrics that have a value, each mapped linearly onto
  -- -2..+2 (NPS / 50; (CSAT - 50) / 25; (CES - 4) / 1.5); the band maps their bounds the same way.
  select st.id, st.name, st.position,
    st.nps, st.nps_low, st.nps_high, coalesce(st.nps_n, 0)::integer,
    st.csat, st.csat_low, st.csat_high, (coalesce(st.n5, 0) + coalesce(st.n7, 0))::integer,
    st.ces, st.ces_low, st.ces_high, coalesce(st.ces_n, 0)::integer,
    (select avg(v) from unnest(array[st.nps / 50, (st.csat - 50) / 25, (st.ces - 4) / 1.5]) v),
    (select avg(v) from unnest(array[st.nps_low / 50, (st.csat_low - 50) / 25, (st.ces_low - 4) / 1.5]) v),
    (select avg(v) from unnest(array[st.nps_high / 50, (st.csat_high - 50) / 25, (st.ces_high - 4) / 1.5]) v)
  from stats st
  order by st.position, st.name;
end
$$;
comment on function public.stage_experience(uuid, timestamptz, timestamptz, uuid, text) is
  'Public API: per live stage of a journey, NPS, CSAT and CES pooled over its touchpoints'' answers in [p_from, p_to) (optionally one persona and/or channel) with 95 % intervals (null below the minimum n), and an experience index on -2..+2 with its band. docs/friction.md.';

revoke execute on function public.stage_experience(uuid, timestamptz, timestamptz, uuid, text) from public, anon;
grant execute on function public.stage_experience(uuid, timestamptz, timestamptz, uuid, text) to authenticated, service_role;
