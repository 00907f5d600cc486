-- Bulk import through COPY (issue 5 performance: 1M responses in <= 10 s on a Postgres server).
--
-- The CLI with DATABASE_URL used to COPY into private.import_staged_* and then run
-- commit_import. 1M responses took ~38 s: COPY into staging 5 s (a foreign key check per row on
-- batch_id), then commit 16-19 s, of which the insert into survey_responses was 6.5 s, four
-- row-by-row foreign key checks 7 s (touchpoint 3.1 s, import batch 3.0 s, persona and survey
-- 0.5 s each although they are null) and the rollup trigger 2.3 s.
--
-- Now the CLI COPYs straight into the evidence table, inside ONE transaction:
--   private.begin_copy_import   begin_import, and for responses (when survey_responses has
--                               exactly the triggers and foreign keys listed below and the
--                               function's owner may) session_replication_role = replica for
--                               the rest of the transaction: the per-row foreign key triggers
--                               and the rollup trigger do not fire during the COPY;
--   COPY public.survey_responses / feedback / service_cases (client side);
--   private.finish_copy_import  back to origin, then what the skipped triggers would have done,
--                               set-based and once: the batch's rows are counted per rollup key
--                               with private.rollup_delta_sql (the trigger's own SQL), the
--                               touchpoints and personas they name are checked (and locked FOR
--                               KEY SHARE, as a foreign key check locks them) against the
--                               batch's workspace and journey, every row the transaction
--                               inserted must be one of the batch's, and the counts are added to
--                               private.response_rollups with the trigger's upsert; then the
--                               batch is marked committed, as commit_import does.
-- Any failure rolls the whole transaction back: nothing of the file is ever visible. Undo is
-- unchanged (undo_import deletes the batch; the cascade fires the rollup delete trigger).
-- Where replica mode is not possible (the owner is not a superuser, or the table has a trigger
-- or foreign key this file does not know), the triggers simply fire during the COPY, as for any
-- insert, and finish_copy_import only checks and marks the batch: slower, same result.
-- The UI's chunked path (stage_import_rows / commit_import) is unchanged.

create or replace function private.copy_import_can_skip_triggers() returns boolean
language sql stable set search_path = ''
as $$
  select
    -- No user trigger on survey_responses but the three rollup triggers...
    not exists (
      select 1 from pg_catalog.pg_trigger t
      where t.tgrelid = 'public.survey_responses'::regclass and not t.tgisinternal
        and t.tgname not in ('survey_responses_rollup_insert', 'survey_responses_rollup_update', 'survey_responses_rollup_delete')
    )
    -- ...the insert one enabled normally (an ALWAYS trigger would fire in replica mode too)...
    and exists (
      select 1 from pg_catalog.pg_trigger t
      where t.tgrelid = 'public.survey_responses'::regclass and t.tgname = 'survey_responses_rollup_insert' and t.tgenabled = 'O'
    )
    -- ...and exactly the foreign keys finish_copy_import checks itself.
    and (select array_agg(c.conname::text order by c.conname) from pg_catalog.pg_constraint c
         where c.conrelid = 'public.survey_responses'::regclass and c.contype = 'f')
        = array['survey_responses_import_batch_id_workspace_id_fkey', 'survey_responses_persona_id_workspace_id_fkey',
                'survey_responses_survey_fkey', 'survey_responses_touchpoint_id_workspace_id_fkey']
$$;
comment on function private.copy_import_can_skip_triggers() is
  'True when survey_responses has exactly the triggers (the rollup ones) and foreign keys that private.finish_copy_import replaces with set-based work; otherwise a bulk import lets the triggers fire.';

create or replace function private.begin_copy_import(
  p_workspace_id uuid, p_journey_id uuid, p_kind text, p_file_name text,
  out batch_id uuid, out triggers_skipped boolean, out started_at timestamptz
)
language plpgsql security definer set search_path = ''
as $$
begin
  if pg_catalog.current_setting('session_replication_role') <> 'origin' then
    raise exception 'A bulk import starts with session_replication_role = origin' using errcode = '55000';
  end if;
  batch_id := public.begin_import(p_workspace_id, p_journey_id, p_kind, p_file_name);
  -- now(): what commit_import puts in place of a missing date; the client writes it itself.
  started_at := now();
  triggers_skipped := false;
  if p_kind = 'responses' and private.copy_import_can_skip_triggers() then
    begin
      -- Local: it ends with the transaction at the latest (finish_copy_import resets it first).
      perform pg_catalog.set_config('session_replication_role', 'replica', true);
      triggers_skipped := true;
    exception when insufficient_privilege then
      null; -- the owner is not a superuser: the triggers fire during the COPY
    end;
  end if;
end
$$;
comment on function private.begin_copy_import(uuid, uuid, text, text) is
  'Starts a bulk (COPY) import inside the caller''s transaction: begin_import, and for responses session_replication_role = replica when possible (triggers_skipped), so the COPY that follows runs no per-row trigger. Returns the batch, whether triggers are skipped, and now(). Only the database owner (the CLI with DATABASE_URL) may call it.';

create or replace function private.finish_copy_import(p_batch_id uuid, p_rows_read integer, p_rows_rejected integer, p_errors jsonb)
returns public.import_batches
language plpgsql security definer set search_path = ''
-- The rollup delta of 1M rows: hashed for all four grouping sets in memory (1.0 s) instead of
-- sorted on disk for three of them (1.5-2.2 s); no JIT compile for a one-off statement.
set work_mem = '256MB'
set enable_sort = off
set jit = off
as $$
declare
  v_batch public.import_batches := private.pending_batch(p_batch_id);
  v_skipped boolean := pg_catalog.current_setting('session_replication_role') = 'replica';
  v_table regclass := case v_batch.kind when 'responses' then 'public.survey_responses'::regclass
                                        when 'feedback' then 'public.feedback'::regclass
                                        else 'public.service_cases'::regclass end;
  -- Rows this transaction inserted into the table, whoever they claim to belong to.
  v_inserted bigint := pg_catalog.pg_stat_get_xact_tuples_inserted(v_table);
  v_count bigint;
  v_stray uuid;
begin
  if v_skipped then
    perform pg_catalog.set_config('session_replication_role', 'origin', true);
    if v_batch.kind <> 'responses' or not private.copy_import_can_skip_triggers() then
      raise exception 'Triggers were skipped for a bulk import they cannot be replaced for' using errcode = '55000';
    end if;
    -- What the rollup trigger would have computed from its transition table, from the batch's rows.
    drop table if exists pg_temp.copy_import_delta;
    execute 'create temp table copy_import_delta on commit drop as '
      || private.rollup_delta_sql(format('(select * from public.survey_responses where import_batch_id = %L and source = ''import'' and survey_id is null) b',
                                         p_batch_id), 1);
    select coalesce(sum(n), 0) into v_count from pg_temp.copy_import_delta where span = 'day' and grain = 0;
    if exists (select 1 from pg_temp.copy_import_delta where workspace_id <> v_batch.workspace_id) then
      raise exception 'A row of import batch % names another workspace', p_batch_id using errcode = '23503';
    end if;

    -- The foreign keys, once per distinct value instead of once per row, locking the rows a
    -- foreign key check would lock (a touchpoint or persona cannot vanish before the commit).
    perform 1 from public.touchpoints t
    where t.id in (select touchpoint_id from pg_temp.copy_import_delta where grain = 0) and t.workspace_id = v_batch.workspace_id
    for key share of t;
    select d.tp into v_stray from (select distinct touchpoint_id as tp from pg_temp.copy_import_delta where grain = 0) d
    where not exists (select 1 from public.touchpoints t where t.id = d.tp and t.workspace_id = v_batch.workspace_id
                        and (v_batch.journey_id is null or t.journey_id = v_batch.journey_id))
    limit 1;
    if v_stray is not null then
      raise exception 'Touchpoint % is not part of the journey of this import', v_stray using errcode = '23503';
    end if;
    perform 1 from public.personas p
    where p.id in (select persona_id from pg_temp.copy_import_delta where grain = 1 and persona_id is not null) and p.workspace_id = v_batch.workspace_id
    for key share of p;
    select d.persona_id into v_stray from (select distinct persona_id from pg_temp.copy_import_delta where grain = 1 and persona_id is not null) d
    where not exists (select 1 from public.personas p where p.id = d.persona_id and p.workspace_id = v_batch.workspace_id)
    limit 1;
    if v_stray is not null then
      raise exception 'Persona % is not part of the workspace of this import', v_stray using errcode = '23503';
    end if;
  elsif v_batch.kind = 'responses' then
    select count(*) into v_count from public.survey_responses
    where import_batch_id = p_batch_id and workspace_id = v_batch.workspace_id and source = 'import';
  elsif v_batch.kind = 'feedback' then
    select count(*) into v_count from public.feedback
    where import_batch_id = p_batch_id and workspace_id = v_batch.workspace_id and journey_id is not distinct from v_batch.journey_id;
  else
    select count(*) into v_count from public.service_cases where import_batch_id = p_batch_id and workspace_id = v_batch.workspace_id;
  end if;

  -- Every row the transaction inserted is one of the batch's (a row with another batch, workspace
  -- or a survey would escape these checks and the rollups): the counts must agree. (Without
  -- track_counts the server keeps no count to compare with; the CLI still compares COPY's own.)
  if v_count <> v_inserted and pg_catalog.current_setting('track_counts')::boolean then
    raise exception 'The bulk import inserted % rows into %, of which % belong to batch %', v_inserted, v_table, v_count, p_batch_id
      using errcode = '23514';
  end if;

  -- Touchpoints of the batch's journey only (checked above when the triggers were skipped).
  if not v_skipped and v_batch.journey_id is not null then
    select s.tp into v_stray from (
      select distinct touchpoint_id as tp from public.survey_responses where import_batch_id = p_batch_id and v_batch.kind = 'responses'
      union
      select distinct touchpoint_id from public.feedback where import_batch_id = p_batch_id and v_batch.kind = 'feedback' and touchpoint_id is not null
      union
      select distinct touchpoint_id from public.service_cases where import_batch_id = p_batch_id and v_batch.kind = 'cases'
    ) s
    where not exists (select 1 from public.touchpoints t where t.id = s.tp and t.journey_id = v_batch.journey_id)
    limit 1;
    if v_stray is not null then
      raise exception 'Touchpoint % is not part of the journey of this import', v_stray using errcode = '23503';
    end if;
  end if;

  if v_skipped then
    -- The rollup trigger's own upsert (private.maintain_response_rollups), over the same delta.
    insert into private.response_rollups as r
      (workspace_id, touchpoint_id, span, grain, day, metric, scale_max, persona_id, channel, n,
       c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10)
    select workspace_id, touchpoint_id, span, grain, day, metric, scale_max, persona_id, channel, n,
       c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10
    from pg_temp.copy_import_delta
    on conflict on constraint response_rollups_key do update set
      n = r.n + excluded.n, c0 = r.c0 + excluded.c0, c1 = r.c1 + excluded.c1, c2 = r.c2 + excluded.c2,
      c3 = r.c3 + excluded.c3, c4 = r.c4 + excluded.c4, c5 = r.c5 + excluded.c5, c6 = r.c6 + excluded.c6,
      c7 = r.c7 + excluded.c7, c8 = r.c8 + excluded.c8, c9 = r.c9 + excluded.c9, c10 = r.c10 + excluded.c10;
    drop table pg_temp.copy_import_delta;
  end if;

  update public.import_batches
  set status = 'committed',
      rows_read = greatest(coalesce(p_rows_read, 0), 0),
      rows_accepted = v_count,
      rows_rejected = greatest(coalesce(p_rows_rejected, 0), 0),
      errors = case when jsonb_typeof(p_errors) = 'array' then p_errors else '[]'::jsonb end
  where id = p_batch_id
  returning * into v_batch;
  return v_batch;
end
$$;
comment on function private.finish_copy_import(uuid, integer, integer, jsonb) is
  'Ends a bulk (COPY) import in the caller''s transaction: when begin_copy_import skipped the triggers, does their work set-based (foreign keys of the distinct touchpoints and personas, rollups through private.rollup_delta_sql and the trigger''s upsert); checks every inserted row is the batch''s and its touchpoints are the journey''s; marks the batch committed. Raises (and the caller rolls back) on any mismatch.';

revoke execute on function private.copy_import_can_skip_triggers(), private.begin_copy_import(uuid, uuid, text, text),
  private.finish_copy_import(uuid, integer, integer, jsonb) from public, anon, authenticated, service_role;
