-- The journey canvas: fields the canvas edits, soft deletion of projected rows, and the
-- projection function the collaboration server calls after storing a document.

-- Removing a touchpoint from the map archives its row instead of deleting it: survey answers,
-- comments and cases attached to it are evidence and must survive an accidental delete (and
-- come back with undo, which re-adds the same id).
alter table public.stages add column archived_at timestamptz;
alter table public.touchpoints add column archived_at timestamptz;
alter table public.touchpoints add column owner text not null default '' check (char_length(owner) <= 200);
create index touchpoints_live_idx on public.touchpoints (journey_id) where archived_at is null;

create or replace function public.project_journey(
  p_journey_id uuid,
  p_stages jsonb,
  p_touchpoints jsonb,
  p_persona_ids uuid[]
) returns void
language plpgsql security definer set search_path = ''
as $$
declare
  v_workspace uuid;
begin
  select workspace_id into v_workspace from public.journeys where id = p_journey_id;
  if v_workspace is null then
    raise exception 'No journey %', p_journey_id using errcode = 'P0002';
  end if;

  -- Rows whose id belongs to another journey are never touched (`where` on the update).
  insert into public.stages as s (id, journey_id, workspace_id, name, position, archived_at)
  select (e ->> 'id')::uuid, p_journey_id, v_workspace, left(coalesce(nullif(trim(e ->> 'name'), ''), 'Untitled stage'), 200),
         (e ->> 'position')::int, null
  from jsonb_array_elements(p_stages) e
  on conflict (id) do update
    set name = excluded.name, position = excluded.position, archived_at = null
    where s.journey_id = excluded.journey_id;
  update public.stages set archived_at = now()
  where journey_id = p_journey_id and archived_at is null
    and id not in (select (e ->> 'id')::uuid from jsonb_array_elements(p_stages) e);

  insert into public.touchpoints as t (id, journey_id, workspace_id, stage_id, name, channel, description, owner,
                                       position, is_moment_of_truth, archived_at)
  select (e ->> 'id')::uuid, p_journey_id, v_workspace,
         (select st.id from public.stages st where st.id = (e ->> 'stageId')::uuid and st.journey_id = p_journey_id),
         left(coalesce(nullif(trim(e ->> 'name'), ''), 'Untitled touchpoint'), 200),
         e ->> 'channel', left(coalesce(e ->> 'description', ''), 5000), left(coalesce(e ->> 'owner', ''), 200),
         (e ->> 'position')::int, coalesce((e ->> 'momentOfTruth')::boolean, false), null
  from jsonb_array_elements(p_touchpoints) e
  on conflict (id) do update
    set stage_id = excluded.stage_id, name = excluded.name, channel = excluded.channel,
        description = excluded.description, owner = excluded.owner, position = excluded.position,
        is_moment_of_truth = excluded.is_moment_of_truth, archived_at = null
    where t.journey_id = excluded.journey_id;
  update public.touchpoints set archived_at = now()
  where journey_id = p_journey_id and archived_at is null
    and id not in (select (e ->> 'id')::uuid from jsonb_array_elements(p_touchpoints) e);

  delete from public.journey_personas
  where journey_id = p_journey_id and not (persona_id = any (p_persona_ids));
  insert into public.journey_personas (journey_id, persona_id, workspace_id)
  select p_journey_id, p.id, v_workspace from public.personas p
  where p.id = any (p_persona_ids) and p.workspace_id = v_workspace
  on conflict do nothing;

  update public.journeys set updated_at = now() where id = p_journey_id;
end
$$;
comment on function public.project_journey(uuid, jsonb, jsonb, uuid[]) is
  'Projects a stored journey document into stages, touchpoints and journey_personas in one transaction. Removed stages and touchpoints are archived, not deleted. Ids owned by another journey are ignored. Called by the collaboration server (service role) only.';
revoke execute on function public.project_journey(uuid, jsonb, jsonb, uuid[]) from public, anon, authenticated;
grant execute on function public.project_journey(uuid, jsonb, jsonb, uuid[]) to service_role;
