-- Live micro-surveys (issue 5 item 6): the one anonymous write path of the product.
--
-- A survey (table public.surveys, 20261122100200_evidence.sql) is answered through its public
-- token at /s/<token>. Respondents are anonymous, so they get no table rights at all: RLS on
-- surveys and survey_responses admits members only. Two security definer functions are the whole
-- public surface:
--
--   survey_by_token(p_token)                       what the answer page shows, nothing else;
--   submit_survey_response(p_token, p_score, ...)  one answer to an OPEN survey, score checked
--                                                  against the survey's own scale.
--
-- The answer lands in survey_responses with source 'survey' and the survey's id, so the rollup
-- triggers of 20261201100000_metrics.sql count it in touchpoint_metrics at once.
-- The app rate limits the page per IP and per token (src/routes/s/[token]); docs/security.md.

-- Which survey an answer came from (response counts per survey; null for imports and the API).
alter table public.surveys add constraint surveys_id_workspace_key unique (id, workspace_id);
alter table public.survey_responses add column survey_id uuid;
alter table public.survey_responses add constraint survey_responses_survey_fkey
  foreign key (survey_id, workspace_id) references public.surveys (id, workspace_id) on delete set null (survey_id);
comment on column public.survey_responses.survey_id is
  'The live survey this answer came through (source = survey); null for imported, ingested and manual answers.';
create index survey_responses_survey_idx on public.survey_responses (survey_id) where survey_id is not null;

-- Reading a survey by its token ----------------------------------------------------------------

create or replace function public.survey_by_token(p_token text)
returns table (question text, metric text, scale_max smallint, is_open boolean, touchpoint_name text)
language sql
stable
security definer
set search_path = ''
as $$
  -- A survey on a removed (archived) touchpoint or journey reads as closed: it takes no answers.
  select s.question, s.metric, s.scale_max,
    s.is_open and t.archived_at is null and j.archived_at is null,
    t.name
  from public.surveys s
  join public.touchpoints t on t.id = s.touchpoint_id and t.workspace_id = s.workspace_id
  join public.journeys j on j.id = t.journey_id
  where s.public_token = p_token and char_length(p_token) <= 200
$$;
comment on function public.survey_by_token(text) is
  'What a respondent needs to answer the survey with this public token: question, metric, scale_max, whether it is open, the touchpoint name. No row for an unknown token. Anyone may call it (anon included).';

-- Answering ------------------------------------------------------------------------------------

create or replace function public.submit_survey_response(p_token text, p_score integer, p_comment text default null)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_survey record;
  v_comment text := nullif(btrim(p_comment), '');
  v_low integer;
begin
  select s.id, s.workspace_id, s.touchpoint_id, s.metric, s.scale_max,
    s.is_open and t.archived_at is null and j.archived_at is null as open
    into v_survey
  from public.surveys s
  join public.touchpoints t on t.id = s.touchpoint_id and t.workspace_id = s.workspace_id
  join public.journeys j on j.id = t.journey_id
  where s.public_token = p_token and char_length(p_token) <= 200;
  if not found then
    -- P0002 (no_data_found) with HTTP 404: PostgREST would answer a bare P0002 with 500, so the
    -- error is raised in PostgREST's own form, which sets the status and keeps the code.
    raise sqlstate 'PGRST' using
      message = '{"code":"P0002","message":"unknown survey","hint":"Check the survey link."}',
      detail = '{"status":404,"headers":{}}';
  end if;
  if not v_survey.open then
    -- PT409: PostgREST answers HTTP 409 Conflict; the code is distinct from every other refusal.
    raise exception 'this survey is closed' using errcode = 'PT409', hint = 'It no longer accepts answers.';
  end if;
  v_low := case when v_survey.metric = 'nps' then 0 else 1 end;
  if p_score is null or p_score < v_low or p_score > v_survey.scale_max then
    raise exception 'score must be a whole number from % to %', v_low, v_survey.scale_max using errcode = '22023';
  end if;
  if char_length(v_comment) > 2000 then
    raise exception 'comment is longer than 2000 characters' using errcode = '22023';
  end if;
  insert into public.survey_responses (workspace_id, touchpoint_id, metric, score, scale_max, comment, source, survey_id)
  values (v_survey.workspace_id, v_survey.touchpoint_id, v_survey.metric, p_score, v_survey.scale_max, v_comment, 'survey', v_survey.id);
end
$$;
comment on function public.submit_survey_response(text, integer, text) is
  'Records one answer to the open survey with this public token (source survey; comment trimmed, at most 2000 characters). Errors (code, HTTP status through PostgREST): P0002 unknown token (404), PT409 survey closed (409), 22023 score outside the survey''s scale or comment too long (400). Anyone may call it (anon included); the app rate limits it.';

revoke execute on function public.survey_by_token(text), public.submit_survey_response(text, integer, text) from public;
grant execute on function public.survey_by_token(text), public.submit_survey_response(text, integer, text) to anon, authenticated, service_role;
