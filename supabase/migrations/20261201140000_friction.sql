-- Friction hotspots (issue 6, DESIGN.md §5, docs/friction.md): how badly each touchpoint hurts,
-- 0-100, from the evidence, with a hotspot flag that needs enough evidence and an explanation in
-- words. src/lib/domain/friction/model.ts is the TypeScript reference of every step here;
-- tests/integration/friction.test.ts checks both agree on random data.

create or replace function private.wilson_low(p_k double precision, p_n double precision) returns double precision
language sql
immutable
set search_path = ''
as $$
  -- Lower bound of the Wilson 95 % interval of k/n, as a share 0..1 (wilsonInterval in survey.ts).
  select greatest(0, least(100, 100 * (
      ((p_k / p_n) + (z * z) / (2 * p_n)) / (1 + (z * z) / p_n)
      - (z * sqrt(((p_k / p_n) * (1 - p_k / p_n)) / p_n + (z * z) / (4 * p_n * p_n))) / (1 + (z * z) / p_n)
    ))) / 100
  from (select 1.959963984540054::double precision as z) c
$$;
comment on function private.wilson_low(double precision, double precision) is 'Lower bound of the Wilson 95 % interval of a proportion k/n, as a share 0..1.';

create or replace function private.friction_format(p_metric text, p_value double precision) returns text
language sql
immutable
set search_path = ''
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

create or replace function private.friction(
  p_current jsonb, p_recent jsonb, p_previous jsonb, p_negative integer, p_scored integer, p_top_theme text,
  p_targets jsonb, p_min_n integer, p_window_label text,
  out score double precision, out is_hotspot boolean, out evidence_n integer, out top_reasons text[], out explanation text
)
language plpgsql
immutable
set search_path = ''
as $$
declare
  z constant double precision := 1.959963984540054;
  -- Caps: how much friction one term alone can prove (FRICTION_CAPS in model.ts).
  w_survey constant double precision := 1;
  w_feedback constant double precision := 0.8;
  w_service constant double precision := 0.8;
  w_worse constant double precision := 0.6;
  label constant jsonb := '{"nps": "NPS", "csat": "CSAT", "ces": "CES"}';
  full_gap constant jsonb := '{"nps": 100, "csat": 50, "ces": 3}';
  value_key constant jsonb := '{"nps": "nps", "csat": "csat_pct", "ces": "ces_mean"}';
  m text;
  v double precision; lo double precision; hi double precision; n integer; target double precision; s double precision;
  v2 double precision; lo2 double precision; hi2 double precision;
  survey_s double precision; survey_r text;
  feedback_s double precision; feedback_r text;
  service_s double precision; service_r text;
  worse_s double precision; worse_r text;
  has_terms boolean := false;
  total double precision := 1;
  terms jsonb := '[]';
begin
  -- Survey gap: target minus the interval bound nearest to it, over the full-severity gap.
  foreach m in array array['nps', 'csat', 'ces'] loop
    v := (p_current ->> (value_key ->> m))::double precision;
    continue when v is null;
    hi := (p_current ->> (m || '_high'))::double precision;
    n := (p_current ->> (m || '_n'))::integer;
    target := (p_targets ->> m)::double precision;
    s := least(1, greatest(0, (target - coalesce(hi, v)) / (full_gap ->> m)::double precision));
    if survey_s is null or s > survey_s then
      survey_s := s;
      survey_r := (label ->> m) || ' ' || private.friction_format(m, v) || ' vs target ' || private.friction_format(m, target) || ' (n=' || n || ')';
    end if;
  end loop;

  -- Negative feedback: the Wilson lower bound of the negative share above 25 %, over 50 points.
  if p_scored > 0 and p_scored >= p_min_n then
    feedback_s := least(1, greatest(0, (private.wilson_low(p_negative, p_scored) - 0.25) / 0.5));
    feedback_r := round((100.0 * p_negative / p_scored)::numeric)::text || '% of ' || p_scored || ' comments negative'
      || coalesce(' — top theme: ' || p_top_theme, '');
  end if;

  -- Service times: the worse of the FRT and TTR medians against target (3x target = full).
  v := (p_current ->> 'frt_median_minutes')::double precision;
  if v is not null then
    service_s := least(1, greatest(0, (v / (p_targets ->> 'frt')::double precision - 1) / 2));
    service_r := 'first response ' || private.friction_format('int', v) || ' min vs target '
      || private.friction_format('int', (p_targets ->> 'frt')::double precision) || ' min (median, n=' || (p_current ->> 'frt_n') || ')';
  end if;
  v := (p_current ->> 'ttr_median_hours')::double precision;
  if v is not null then
    s := least(1, greatest(0, (v / (p_targets ->> 'ttr')::double precision - 1) / 2));
    if service_s is null or s > service_s then
      service_s := s;
      service_r := 'resolution ' || private.friction_format('one', v) || ' h vs target '
        || private.friction_format('one', (p_targets ->> 'ttr')::double precision) || ' h (median, n=' || (p_current ->> 'ttr_n') || ')';
    end if;
  end if;

  -- Worsening: the drop from the previous window to the recent one beyond 1.96 standard errors.
  if p_recent is not null and p_previous is not null then
    foreach m in array array['nps', 'csat', 'ces'] loop
      v := (p_recent ->> (value_key ->> m))::double precision;
      lo := (p_recent ->> (m || '_low'))::double precision;
      hi := (p_recent ->> (m || '_high'))::double precision;
      v2 := (p_previous ->> (value_key ->> m))::double precision;
      lo2 := (p_previous ->> (m || '_low'))::double precision;
      hi2 := (p_previous ->> (m || '_high'))::double precision;
      continue when v is null or v2 is null or lo is null or hi is null or lo2 is null or hi2 is null;
      s := least(1, greatest(0, (v2 - v - z * sqrt(((hi - lo) / (2 * z)) ^ 2 + ((hi2 - lo2) / (2 * z)) ^ 2)) / (full_gap ->> m)::double precision));
      if worse_s is null or s > worse_s then
        worse_s := s;
        worse_r := (label ->> m) || ' fell from ' || private.friction_format(m, v2) || ' to ' || private.friction_format(m, v)
          || ' (' || p_window_label || ')';
      end if;
    end loop;
  end if;

  -- Independent evidence: friction = 1 - product of (1 - cap x severity), in the reference's order.
  if survey_s is not null then
    has_terms := true; total := total * (1 - w_survey * survey_s);
    terms := terms || jsonb_build_object('term', 'survey', 'c', w_survey * survey_s, 'r', survey_r);
  end if;
  if feedback_s is not null then
    has_terms := true; total := total * (1 - w_feedback * feedback_s);
    terms := terms || jsonb_build_object('term', 'feedback', 'c', w_feedback * feedback_s, 'r', feedback_r);
  end if;
  if service_s is not null then
    has_terms := true; total := total * (1 - w_service * service_s);
    terms := terms || jsonb_build_object('term', 'service', 'c', w_service * service_s, 'r', service_r);
  end if;
  if worse_s is not null then
    has_terms := true; total := total * (1 - w_worse * worse_s);
    terms := terms || jsonb_build_object('term', 'worsening', 'c', w_worse * worse_s, 'r', worse_r);
  end if;

  evidence_n := (p_current ->> 'nps_n')::integer + (p_current ->> 'csat_n')::integer + (p_current ->> 'ces_n')::integer
    + coalesce((p_current ->> 'feedback_n')::integer, 0) + coalesce((p_current ->> 'frt_n')::integer, 0);
  score := 100 * (1 - total);
  is_hotspot := has_terms and evidence_n >= p_min_n and score >= 50;
  select coalesce(array_agg(t ->> 'r' order by (t ->> 'c')::double precision desc, t ->> 'term'), '{}')
    into top_reasons
  from (select t from jsonb_array_elements(terms) t where (t ->> 'c')::double precision > 0
        order by (t ->> 'c')::double precision desc, t ->> 'term' limit 3) x;
  explanation := case
    when not has_terms and evidence_n = 0 then 'No evidence yet'
    when not has_terms then 'Not enough responses (n=' || evidence_n || '; ' || p_min_n || ' needed per metric)'
    when cardinality(top_reasons) = 0 then 'Meets its targets'
    else array_to_string(top_reasons, '; ') end;
end
$$;
comment on function private.friction(jsonb, jsonb, jsonb, integer, integer, text, jsonb, integer, text) is
  'The friction model of one touchpoint (docs/friction.md): survey gap at the nearest interval bound, negative feedback (Wilson lower bound), service times and worsening, capped 1/0.8/0.8/0.6 and combined as 1 - product(1 - cap x severity) over the terms with evidence; hotspot at >= 50 with enough evidence; explanation from the top terms. Mirrors friction() in src/lib/domain/friction/model.ts.';

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
as $$
declare
  -- Worsening compares a recent window with the one before it: for a period, the period itself
  -- and the stretch of the same length before it; for an open period, everything since the
  -- start of the month three months back (so this month's answers count at once) against the
  -- three whole months before that. Whole months come from month rollups: cheap.
  v_end timestamptz;
  v_recent timestamptz;
  v_previous timestamptz;
  v_label text;
  v_days integer;
  v_month timestamp;
  v_min_n integer;
  v_ids uuid[];
begin
  if p_workspace_id is null or not (auth.role() = 'service_role' or p_workspace_id in (select public.member_workspace_ids())) then
    raise exception 'workspace not found or not readable' using errcode = '42501';
  end if;
  if p_from is null then
    v_month := date_trunc('month', coalesce(p_to, now()) at time zone 'UTC');
    v_end := coalesce(p_to, now());
    v_recent := (v_month - interval '3 months') at time zone 'UTC';
    v_previous := (v_month - interval '6 months') at time zone 'UTC';
    v_label := 'since ' || to_char(v_month - interval '3 months', 'YYYY-MM-DD') || ' vs the 3 months before';
  else
    v_end := coalesce(p_to, now());
    if v_end <= p_from then
      raise exception 'p_to must be after p_from' using errcode = '22023';
    end if;
    v_recent := p_from;
    v_previous := p_from - (v_end - p_from);
    v_days := round(extract(epoch from v_end - p_from) / 86400)::integer;
    v_label := 'last ' || v_days || ' days vs the ' || v_days || ' before';
  end if;
  select w.metric_min_n into v_min_n from public.workspaces w where w.id = p_workspace_id;
  select coalesce(array_agg(t.id), '{}') into v_ids
  from public.touchpoints t join public.journeys j on j.id = t.journey_id
  where j.workspace_id = p_workspace_id and j.archived_at is null and t.archived_at is null
    and (p_journey_id is null or j.id = p_journey_id);

  -- The metrics of every touchpoint in three calls (period, recent window, previous window),
  -- whatever the number of journeys.
  return query
  with js as (
    select j.id, j.name from public.journeys j
    where j.workspace_id = p_workspace_id and j.archived_at is null and (p_journey_id is null or j.id = p_journey_id)
  ),
  cur as (
    select t.journey_id as jid, m.*
    from private.metrics_rows(v_ids, v_min_n, p_from, p_to, p_persona_id, p_channel) m
    join public.touchpoints t on t.id = m.touchpoint_id
  ),
  rec as (select m.* from private.metrics_rows(v_ids, v_min_n, v_recent, v_end, p_persona_id, p_channel) m),
  prev as (select m.* from private.metrics_rows(v_ids, v_min_n, v_previous, v_recent, p_persona_id, p_channel) m),
  targets as (
    select js.id as jid, jsonb_object_agg(t.metric, t.target) as t
    from js cross join lateral public.journey_targets(js.id) t group by js.id
  ),
  -- The same feedback touchpoint_metrics counts (no channel on feedback), with the top negative theme.
  fb as (
    select f.touchpoint_id,
      count(*) filter (where f.sentiment = 'negative')::integer as negative,
      count(*) filter (where f.sentiment is not null)::integer as scored,
      mode() within group (order by f.theme) filter (where f.sentiment = 'negative' and f.theme is not null) as top_theme
    from public.feedback f
    where f.workspace_id = p_workspace_id and p_channel is null
      and f.touchpoint_id in (select c.touchpoint_id from cur c)
      and (p_from is null or f.created_at >= p_from) and (p_to is null or f.created_at < p_to)
      and (p_persona_id is null or f.persona_id = p_persona_id)
    group by f.touchpoint_id
  )
  select c.touchpoint_id, c.touchpoint_name, c.jid, js.name, st.name,
    r.score, r.is_hotspot, r.evidence_n, r.top_reasons, r.explanation
  from cur c
  join js on js.id = c.jid
  join targets tg on tg.jid = c.jid
  left join public.stages st on st.id = c.stage_id
  left join rec on rec.touchpoint_id = c.touchpoint_id
  left join prev on prev.touchpoint_id = c.touchpoint_id
  left join fb on fb.touchpoint_id = c.touchpoint_id
  cross join lateral private.friction(
    to_jsonb(c) - 'jid', to_jsonb(rec), to_jsonb(prev), coalesce(fb.negative, 0), coalesce(fb.scored, 0), fb.top_theme,
    tg.t, v_min_n, v_label) r
  order by r.score desc, c.touchpoint_name, c.touchpoint_id;
end
$$;
comment on function public.friction_hotspots(uuid, uuid, timestamptz, timestamptz, uuid, text) is
  'Public API: every live touchpoint of a workspace (or one journey) ranked by friction 0-100 for [p_from, p_to), optionally one persona and/or channel, with the hotspot flag, the evidence count, the top reasons and a plain-language explanation. docs/friction.md, docs/api.md.';

revoke execute on function private.wilson_low(double precision, double precision), private.friction_format(text, double precision),
  private.friction(jsonb, jsonb, jsonb, integer, integer, text, jsonb, integer, text) from public;
revoke execute on function public.friction_hotspots(uuid, uuid, timestamptz, timestamptz, uuid, text) from public, anon;
grant execute on function public.friction_hotspots(uuid, uuid, timestamptz, timestamptz, uuid, text) to authenticated, service_role;
