-- Feedback analysis (issue 5 §7): sentiment on every comment, not only on feedback items.
--
-- feedback already has sentiment / sentiment_score (20261122100200_evidence.sql). A survey
-- answer's comment is a verbatim too, so survey_responses gets the same two columns, filled
-- where answers arrive (file import, CLI, ingest API: src/lib/domain/feedback/sentiment.ts, a
-- lexicon method that runs in Node, not in SQL). The staging table of imports carries them and
-- stage_import_rows / commit_import (20261122120100_imports.sql) are replaced by versions that
-- move them; everything else in those functions is unchanged. The rollup triggers of
-- 20261201100000_metrics.sql do not read these columns and are left alone.

alter table public.survey_responses
  add column sentiment text check (sentiment is null or sentiment in ('positive', 'neutral', 'negative')),
  add column sentiment_score real check (sentiment_score is null or sentiment_score between -1 and 1),
  add constraint survey_responses_sentiment_of_comment check (comment is not null or (sentiment is null and sentiment_score is null));
comment on column public.survey_responses.sentiment is
  'Sentiment of the comment (positive / neutral / negative); null without a comment. Computed on import and ingest (src/lib/domain/feedback/sentiment.ts).';
comment on column public.survey_responses.sentiment_score is
  'Sentiment score of the comment, -1 (most negative) .. 1 (most positive); its sign is the label.';
comment on column public.feedback.sentiment is
  'positive / neutral / negative: as the source gave it (a sentiment or rating column), otherwise computed from the body on import and ingest.';
comment on column public.feedback.sentiment_score is
  'Sentiment score -1..1: from the rating when one was given, otherwise computed from the body (null when only a label was given).';

alter table private.import_staged_responses
  add column sentiment text,
  add column sentiment_score real;
comment on column private.import_staged_responses.sentiment is 'Sentiment of the comment, computed by the importer before staging.';
comment on column private.import_staged_responses.sentiment_score is 'Sentiment score of the comment, -1..1.';

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
    insert into private.import_staged_responses (batch_id, touchpoint_id, metric, score, scale_max, comment, persona_id, channel, responded_at,
                                                 sentiment, sentiment_score)
    select p_batch_id, r.touchpoint_id, r.metric, r.score, r.scale_max, r.comment, r.persona_id, r.channel, r.responded_at,
           r.sentiment, r.sentiment_score
    from jsonb_to_recordset(p_rows) as r(touchpoint_id uuid, metric text, score smallint, scale_max smallint, comment text,
                                         persona_id uuid, channel text, responded_at timestamptz, sentiment text, sentiment_score real);
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
  'Adds a chunk of rows (a JSON array of objects with the evidence table''s columns, survey comments with their sentiment) to a pending import batch. Staged rows are invisible until commit_import.';

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
                                         responded_at, source, import_batch_id, sentiment, sentiment_score)
    select v_batch.workspace_id, s.touchpoint_id, s.metric, s.score, s.scale_max, s.comment, s.persona_id, s.channel,
           coalesce(s.responded_at, now()), 'import', p_batch_id, s.sentiment, s.sentiment_score
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
