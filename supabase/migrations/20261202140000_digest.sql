-- Stale-map guard for a whole workspace (issue 8, item 4): the journeys list marks stale
-- journeys and the digest page lists them, both from one call instead of one
-- touchpoint_freshness call per journey.

create or replace function public.workspace_freshness(p_workspace_id uuid)
returns table (journey_id uuid, touchpoint_id uuid, touchpoint_name text, last_data_at timestamptz, silent boolean)
language sql stable
set search_path = ''
as $$
  -- The same rule as touchpoint_freshness, over every live touchpoint of the workspace's active
  -- journeys. Each lateral reads one index entry (the newest row of that touchpoint).
  select t.journey_id, t.id, t.name,
         greatest(r.at, f.at, c.at),
         coalesce(greatest(r.at, f.at, c.at) < now() - make_interval(weeks => w.stale_after_weeks), true)
  from public.touchpoints t
  join public.journeys j on j.id = t.journey_id and j.archived_at is null
  join public.workspaces w on w.id = t.workspace_id
  left join lateral (select max(x.responded_at) as at from public.survey_responses x where x.touchpoint_id = t.id) r on true
  left join lateral (select max(x.created_at) as at from public.feedback x where x.touchpoint_id = t.id) f on true
  left join lateral (select max(x.opened_at) as at from public.service_cases x where x.touchpoint_id = t.id) c on true
  where t.workspace_id = p_workspace_id and t.archived_at is null
  order by t.journey_id, t.position, t.name
$$;
comment on function public.workspace_freshness(uuid) is
  'Per live touchpoint of a workspace''s active journeys: its journey, when it last received evidence (survey answer, feedback or case) and whether it is silent (none for the workspace''s stale_after_weeks), as touchpoint_freshness does for one journey. RLS applies (security invoker): a non-member gets no rows.';
revoke execute on function public.workspace_freshness(uuid) from public, anon;
grant execute on function public.workspace_freshness(uuid) to authenticated, service_role;
