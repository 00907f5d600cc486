-- Teams pages (issue 8 item 1): what the Teams list shows of each team in one call, so the
-- counts stay exact however many touchpoints and actions a workspace has (PostgREST returns at
-- most 1,000 rows a request, so counting rows in the app would not be).

-- The team page and the counts read a team's actions; without this every count scans the
-- workspace's actions.
create index actions_team_idx on public.actions (team_id) where team_id is not null;

create or replace function public.team_overview(p_workspace_id uuid)
returns table (
  team_id uuid, name text, description text, created_at timestamptz,
  touchpoints integer, open_actions integer, actions integer
)
language sql
stable
set search_path = ''
as $$
  select t.id, t.name, t.description, t.created_at,
         -- Live touchpoints on live journeys: archived ones keep their owner row (undo brings
         -- them back owned) but are not on any map.
         (select count(*)::integer
            from public.touchpoint_owners o
            join public.touchpoints p on p.id = o.touchpoint_id
            join public.journeys j on j.id = p.journey_id
           where o.team_id = t.id and p.archived_at is null and j.archived_at is null),
         (select count(*)::integer from public.actions a
           where a.team_id = t.id and a.status in ('proposed', 'planned', 'in_progress')),
         (select count(*)::integer from public.actions a where a.team_id = t.id)
  from public.teams t
  where t.workspace_id = p_workspace_id
  order by lower(t.name), t.id
$$;
comment on function public.team_overview(uuid) is
  'The teams of a workspace by name, each with the number of live touchpoints it owns, its open actions (proposed, planned, in progress) and all its actions. RLS applies (security invoker): members read, others get no rows.';
revoke execute on function public.team_overview(uuid) from public, anon;
grant execute on function public.team_overview(uuid) to authenticated, service_role;
