-- File imports (issue 5) and the ingest API's keys.
--
-- An import is all-or-nothing, also when a large file arrives in chunks:
--   begin_import      creates a 'pending' import_batches row;
--   stage_import_rows stores a chunk of validated rows in a private staging table (as often as
--                     needed; staged rows are invisible to the API, to metrics and to rollup
--                     triggers, which fire on insert into the evidence tables only);
--   commit_import     moves every staged row into survey_responses / feedback / service_cases
--                     with ONE insert ... select and marks the batch 'committed', in one
--                     transaction: a bad row anywhere makes the call fail and nothing is written;
--   abort_import      drops the staged rows and marks the batch 'failed'.
-- import_records does all three in one call for files that fit in one request, and
-- undo_import deletes a batch with every row it brought (foreign keys cascade).
-- The functions are security definer (the staging tables live in the private schema) and check
-- membership explicitly: owners and editors of the batch's workspace, or the service role
-- (CLI, server code).

create table private.import_staged_responses (
  batch_id uuid not null references public.import_batches (id) on delete cascade,
  touchpoint_id uuid not null,
  metric text not null,
  score smallint not null,
  scale_max smallint not null,
  comment text,
  persona_id uuid,
  channel text,
  responded_at timestamptz
);
comment on table private.import_staged_responses is 'Survey responses of a pending import batch, waiting for commit_import; never read by the API or metrics.';
create index import_staged_responses_batch_idx on private.import_staged_responses (batch_id);

create table private.import_staged_feedback (
  batch_id uuid not null references public.import_batches (id) on delete cascade,
  touchpoint_id uuid,
  source text not null,
  body text not null,
  sentiment text,
  sentiment_score real,
  theme text,
  persona_id uuid,
  created_at timestamptz
);
comment on table private.import_staged_feedback is 'Feedback of a pending import batch, waiting for commit_import.';
create index import_staged_feedback_batch_idx on private.import_staged_feedback (batch_id);

create table private.import_staged_cases (
  batch_id uuid not null references public.import_batches (id) on delete cascade,
  touchpoint_id uuid not null,
  channel text,
  category text,
  opened_at timestamptz not null,
  first_response_at timestamptz,
  resolved_at timestamptz
);
comment on table private.import_staged_cases is 'Service cases of a pending import batch, waiting for commit_import.';
create index import_staged_cases_batch_idx on private.import_staged_cases (batch_id);

create index feedback_batch_idx on public.feedback (import_batch_id) where import_batch_id is not null;
create index service_cases_batch_idx on public.service_cases (import_batch_id) where import_batch_id is not null;

create or replace function private.assert_import_writer(p_workspace_id uuid) returns void
language plpgsql stable security definer set search_path = ''
as $$
begin
  if coalesce(auth.role(), '') = 'service_role' then
    return;
  end if;
  if p_workspace_id is null or p_workspace_id not in (select public.editor_workspace_ids()) then
    raise exception 'Only owners and editors of the workspace can import data' using errcode = '42501';
  end if;
end
$$;
comment on function private.assert_import_writer(uuid) is 'Raises 42501 unless the caller is an owner or editor of the workspace, or the service role.';

-- The batch to work on, locked, after checking the caller may write to it and that it is pending.
create or replace function private.pending_batch(p_batch_id uuid) returns public.import_batches
language plpgsql security definer set search_path = ''
as $$
declare
  v_batch public.import_batches;
begin
  select * into v_batch from public.import_batches where id = p_batch_id for update;
  if v_batch.id is null then
    raise exception 'No import batch %', p_batch_id using errcode = 'P0002';
  end if;
  perform private.assert_import_writer(v_batch.workspace_id);
  if v_batch.status <> 'pending' then
    raise exception 'Import batch % is % (only a pending batch takes rows or a commit)', p_batch_id, v_batch.status using errcode = 'P0001';
  end if;
  return v_batch;
end
$$;
comment on function private.pending_batch(uuid) is 'Locks and returns a pending import batch the caller may write to; raises otherwise.';

create or replace function public.begin_import(p_workspace_id uuid, p_journey_id uuid, p_kind text, p_file_name text)
returns uuid
language plpgsql security definer set search_path = ''
as $$
declare
  v_id uuid;
begin
  perform private.assert_import_writer(p_workspace_id);
  if p_kind not in ('responses', 'feedback', 'cases') then
    raise exception 'kind must be responses, feedback or cases' using errcode = '22023';
  end if;
  -- Batches abandoned while pending (a closed tab, a killed CLI) are cleared after a day.
  delete from public.import_batches
  where workspace_id = p_workspace_id and status = 'pending' and created_at < now() - interval '1 day';
  insert into public.import_batches (workspace_id, journey_id, file_name, kind, status, created_by)
  values (p_workspace_id, p_journey_id, left(coalesce(nullif(trim(p_file_name), ''), 'import.csv'), 255), p_kind, 'pending', auth.uid())
  returning id into v_id;
  return v_id;
end
$$;
comment on function public.begin_import(uuid, uuid, text, text) is
  'Starts a chunked import: creates a pending import_batches row and returns its id. Owners, editors and the service role only.';

create or replace function public.stage_import_rows(p_batch_id uuid, p_rows jsonb) returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  v_batch public.import_batches := private.pending_batch(p_batch_id);
  v_count integer;
begin
  if jsonb_typeof(p_rows) is distinct from 'array' then
    raise exception 'p_rows must be a JSON array of rows' using errcode = '22023';
  end if;
  if v_batch.kind = 'responses' then
    insert into private.import_staged_responses (batch_id, touchpoint_id, metric, score, scale_max, comment, persona_id, channel, responded_at)
    select p_batch_id, r.touchpoint_id, r.metric, r.score, r.scale_max, r.comment, r.persona_id, r.channel, r.responded_at
    from jsonb_to_recordset(p_rows) as r(touchpoint_id uuid, metric text, score smallint, scale_max smallint, comment text,
                                         persona_id uuid, channel text, responded_at timestamptz);
  elsif v_batch.kind = 'feedback' then
    insert into private.import_staged_feedback (batch_id, touchpoint_id, source, body, sentiment, sentiment_score, theme, persona_id, created_at)
    select p_batch_id, r.touchpoint_id, r.source, r.body, r.sentiment, r.sentiment_score, r.theme, r.persona_id, r.created_at
    from jsonb_to_recordset(p_rows) as r(touchpoint_id uuid, source text, body text, sentiment text, sentiment_score real,
                                         theme text, persona_id uuid, created_at timestamptz);
  else
    insert into private.import_staged_cases (batch_id, touchpoint_id, channel, category, opened_at, first_response_at, resolved_at)
    select p_batch_id, r.touchpoint_id, r.channel, r.category, r.opened_at, r.first_response_at, r.resolved_at
    from jsonb_to_recordset(p_rows) as r(touchpoint_id uuid, channel text, category text, opened_at timestamptz,
                                         first_response_at timestamptz, resolved_at timestamptz);
  end if;
  get diagnostics v_count = row_count;
  return v_count;
end
$$;
comment on function public.stage_import_rows(uuid, jsonb) is
  'Adds a chunk of rows (a JSON array of objects with the evidence table''s columns) to a pending import batch. Staged rows are invisible until commit_import.';

create or replace function public.commit_import(p_batch_id uuid, p_rows_read integer, p_rows_rejected integer, p_errors jsonb)
returns public.import_batches
language plpgsql security definer set search_path = ''
as $$
declare
  v_batch public.import_batches := private.pending_batch(p_batch_id);
  v_count integer;
  v_stray uuid;
begin
  -- Every touchpoint must belong to the batch's journey (the foreign keys already hold them to
  -- its workspace).
  if v_batch.journey_id is not null then
    select s.tp into v_stray from (
      select distinct touchpoint_id as tp from private.import_staged_responses where batch_id = p_batch_id and v_batch.kind = 'responses'
      union
      select distinct touchpoint_id from private.import_staged_feedback where batch_id = p_batch_id and v_batch.kind = 'feedback' and touchpoint_id is not null
      union
      select distinct touchpoint_id from private.import_staged_cases where batch_id = p_batch_id and v_batch.kind = 'cases'
    ) s
    where not exists (select 1 from public.touchpoints t where t.id = s.tp and t.journey_id = v_batch.journey_id)
    limit 1;
    if v_stray is not null then
      raise exception 'Touchpoint % is not part of the journey of this import', v_stray using errcode = '23503';
    end if;
  end if;

  if v_batch.kind = 'responses' then
    insert into public.survey_responses (workspace_id, touchpoint_id, metric, score, scale_max, comment, persona_id, channel,
                                         responded_at, source, import_batch_id)
    select v_batch.workspace_id, s.touchpoint_id, s.metric, s.score, s.scale_max, s.comment, s.persona_id, s.channel,
           coalesce(s.responded_at, now()), 'import', p_batch_id
    from private.import_staged_responses s where s.batch_id = p_batch_id;
    get diagnostics v_count = row_count;
    delete from private.import_staged_responses where batch_id = p_batch_id;
  elsif v_batch.kind = 'feedback' then
    insert into public.feedback (workspace_id, touchpoint_id, journey_id, source, body, sentiment, sentiment_score, theme, persona_id,
                                 created_at, import_batch_id)
    select v_batch.workspace_id, s.touchpoint_id, v_batch.journey_id, s.source, s.body, s.sentiment, s.sentiment_score, s.theme,
           s.persona_id, coalesce(s.created_at, now()), p_batch_id
    from private.import_staged_feedback s where s.batch_id = p_batch_id;
    get diagnostics v_count = row_count;
    delete from private.import_staged_feedback where batch_id = p_batch_id;
  else
    insert into public.service_cases (workspace_id, touchpoint_id, channel, category, opened_at, first_response_at, resolved_at,
                                      import_batch_id)
    select v_batch.workspace_id, s.touchpoint_id, s.channel, s.category, s.opened_at, s.first_response_at, s.resolved_at, p_batch_id
    from private.import_staged_cases s where s.batch_id = p_batch_id;
    get diagnostics v_count = row_count;
    delete from private.import_staged_cases where batch_id = p_batch_id;
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
comment on function public.commit_import(uuid, integer, integer, jsonb) is
  'Moves every staged row of a pending batch into its evidence table with one insert ... select and marks the batch committed, in one transaction: if any row breaks a constraint nothing is written and the batch stays pending (call abort_import). Returns the batch.';

create or replace function public.abort_import(p_batch_id uuid, p_reason text default null) returns void
language plpgsql security definer set search_path = ''
as $$
declare
  v_batch public.import_batches := private.pending_batch(p_batch_id);
begin
  delete from private.import_staged_responses where batch_id = v_batch.id;
  delete from private.import_staged_feedback where batch_id = v_batch.id;
  delete from private.import_staged_cases where batch_id = v_batch.id;
  update public.import_batches
  set status = 'failed',
      errors = case when p_reason is null then errors else errors || jsonb_build_array(jsonb_build_object('reason', left(p_reason, 2000))) end
  where id = v_batch.id;
end
$$;
comment on function public.abort_import(uuid, text) is
  'Abandons a pending import: drops its staged rows and marks the batch failed (with the reason, when given). Nothing of it was ever visible.';

create or replace function public.import_records(
  p_workspace_id uuid,
  p_journey_id uuid,
  p_kind text,
  p_file_name text,
  p_rows jsonb,
  p_rows_read integer,
  p_rows_rejected integer,
  p_errors jsonb
) returns public.import_batches
language plpgsql security definer set search_path = ''
as $$
declare
  v_id uuid := public.begin_import(p_workspace_id, p_journey_id, p_kind, p_file_name);
begin
  perform public.stage_import_rows(v_id, p_rows);
  return public.commit_import(v_id, p_rows_read, p_rows_rejected, p_errors);
end
$$;
comment on function public.import_records(uuid, uuid, text, text, jsonb, integer, integer, jsonb) is
  'One-call import for a file that fits in one request: creates the batch and inserts all accepted rows in one transaction (a bad row fails the call and nothing is written). Returns the committed batch.';

create or replace function public.undo_import(p_batch_id uuid) returns integer
language plpgsql security definer set search_path = ''
as $$
declare
  v_batch public.import_batches;
  v_count integer;
begin
  select * into v_batch from public.import_batches where id = p_batch_id for update;
  if v_batch.id is null then
    raise exception 'No import batch %', p_batch_id using errcode = 'P0002';
  end if;
  perform private.assert_import_writer(v_batch.workspace_id);
  v_count := case v_batch.kind
    when 'responses' then (select count(*) from public.survey_responses where import_batch_id = p_batch_id)
    when 'feedback' then (select count(*) from public.feedback where import_batch_id = p_batch_id)
    else (select count(*) from public.service_cases where import_batch_id = p_batch_id)
  end;
  -- The evidence rows (and any staged rows) go with the batch: their foreign keys cascade.
  delete from public.import_batches where id = p_batch_id;
  return v_count;
end
$$;
comment on function public.undo_import(uuid) is
  'Deletes an import batch and every row it imported (owners, editors, service role). Returns the number of rows removed.';

revoke execute on function private.assert_import_writer(uuid), private.pending_batch(uuid) from public;
revoke execute on function public.begin_import(uuid, uuid, text, text), public.stage_import_rows(uuid, jsonb),
  public.commit_import(uuid, integer, integer, jsonb), public.abort_import(uuid, text),
  public.import_records(uuid, uuid, text, text, jsonb, integer, integer, jsonb), public.undo_import(uuid)
  from public, anon;
grant execute on function public.begin_import(uuid, uuid, text, text), public.stage_import_rows(uuid, jsonb),
  public.commit_import(uuid, integer, integer, jsonb), public.abort_import(uuid, text),
  public.import_records(uuid, uuid, text, text, jsonb, integer, integer, jsonb), public.undo_import(uuid)
  to authenticated, service_role;

-- Ingest API keys ----------------------------------------------------------------------------

create table public.ingest_keys (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  name text not null check (char_length(trim(name)) between 1 and 100),
  -- sha-256 (hex) of the token; the token itself is shown once, when the key is created.
  key_hash text not null unique check (key_hash ~ '^[0-9a-f]{64}$'),
  prefix text not null check (char_length(prefix) between 4 and 20),
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  last_used_at timestamptz
);
comment on table public.ingest_keys is
  'Keys for POST /api/ingest/*: a workspace''s systems send responses and feedback with Authorization: Bearer <token>. Only the sha-256 of the token is kept; prefix is for recognising a key in lists. Owners and editors manage them.';
create index ingest_keys_workspace_idx on public.ingest_keys (workspace_id);

create or replace function public.ingest_keys_guard() returns trigger
language plpgsql set search_path = ''
as $$
begin
  if old.revoked_at is not null and new.revoked_at is null then
    raise exception 'A revoked key stays revoked: create a new key' using errcode = 'P0001';
  end if;
  return new;
end
$$;
comment on function public.ingest_keys_guard() is 'Trigger on ingest_keys: a revoked key cannot be reinstated.';
create trigger ingest_keys_guard before update on public.ingest_keys
  for each row execute function public.ingest_keys_guard();

alter table public.ingest_keys enable row level security;
create policy ingest_keys_select on public.ingest_keys for select to authenticated
  using (workspace_id in (select public.editor_workspace_ids()));
create policy ingest_keys_insert on public.ingest_keys for insert to authenticated
  with check (workspace_id in (select public.editor_workspace_ids()));
create policy ingest_keys_update on public.ingest_keys for update to authenticated
  using (workspace_id in (select public.editor_workspace_ids()))
  with check (workspace_id in (select public.editor_workspace_ids()));
create policy ingest_keys_delete on public.ingest_keys for delete to authenticated
  using (workspace_id in (select public.editor_workspace_ids()));

-- Through the API people may rename and revoke a key, never change its hash or workspace.
revoke update on public.ingest_keys from anon, authenticated;
grant update (name, revoked_at) on public.ingest_keys to authenticated;
revoke all on public.ingest_keys from anon;
