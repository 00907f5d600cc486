-- Evidence attached to touchpoints: surveys, survey responses, feedback, service cases,
-- metric targets and import batches. Metric definitions: ../docs and DESIGN.md §4.

create table public.import_batches (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  journey_id uuid,
  file_name text not null check (char_length(file_name) between 1 and 255),
  kind text not null default 'responses' check (kind in ('responses', 'feedback', 'cases')),
  status text not null default 'pending' check (status in ('pending', 'committed', 'failed')),
  rows_read integer not null default 0 check (rows_read >= 0),
  rows_accepted integer not null default 0 check (rows_accepted >= 0),
  rows_rejected integer not null default 0 check (rows_rejected >= 0),
  errors jsonb not null default '[]'::jsonb,
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, workspace_id),
  foreign key (journey_id, workspace_id) references public.journeys (id, workspace_id) on delete cascade
);
comment on table public.import_batches is 'One file import: counts of rows read, accepted and rejected, and the rejected rows with line and reason.';
create trigger import_batches_touch before update on public.import_batches
  for each row execute function public.touch_updated_at();

create table public.surveys (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null,
  touchpoint_id uuid not null,
  metric text not null check (metric in ('nps', 'csat', 'ces')),
  scale_max smallint not null,
  question text not null check (char_length(trim(question)) between 1 and 500),
  is_open boolean not null default true,
  public_token text not null unique default replace(gen_random_uuid()::text, '-', ''),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((metric = 'nps' and scale_max = 10) or (metric = 'csat' and scale_max in (5, 7)) or (metric = 'ces' and scale_max = 7)),
  foreign key (touchpoint_id, workspace_id) references public.touchpoints (id, workspace_id) on delete cascade
);
comment on table public.surveys is 'A one-question survey on a touchpoint, answered through its public token link / QR code while open.';
create index surveys_touchpoint_idx on public.surveys (touchpoint_id);
create trigger surveys_touch before update on public.surveys
  for each row execute function public.touch_updated_at();

create table public.survey_responses (
  id bigint generated always as identity primary key,
  workspace_id uuid not null,
  touchpoint_id uuid not null,
  metric text not null check (metric in ('nps', 'csat', 'ces')),
  score smallint not null,
  scale_max smallint not null,
  comment text check (comment is null or char_length(comment) <= 5000),
  persona_id uuid,
  channel text check (channel is null or channel in ('web', 'app', 'email', 'phone', 'store', 'chat', 'social', 'other')),
  responded_at timestamptz not null default now(),
  source text not null default 'manual' check (source in ('import', 'survey', 'webhook', 'manual')),
  import_batch_id uuid,
  created_at timestamptz not null default now(),
  -- NPS 0-10; CSAT 1-5 or 1-7; CES 1-7 (7 = very easy). DESIGN.md §4.
  check (
    (metric = 'nps' and scale_max = 10 and score between 0 and 10)
    or (metric = 'csat' and scale_max in (5, 7) and score between 1 and scale_max)
    or (metric = 'ces' and scale_max = 7 and score between 1 and 7)
  ),
  foreign key (touchpoint_id, workspace_id) references public.touchpoints (id, workspace_id) on delete cascade,
  foreign key (persona_id, workspace_id) references public.personas (id, workspace_id) on delete set null (persona_id),
  foreign key (import_batch_id, workspace_id) references public.import_batches (id, workspace_id) on delete cascade
);
comment on table public.survey_responses is 'One answer to an NPS, CSAT or CES question about a touchpoint, with its segment (persona, channel) and provenance.';
create index survey_responses_touchpoint_idx on public.survey_responses (touchpoint_id, metric, responded_at);
create index survey_responses_workspace_idx on public.survey_responses (workspace_id);
create index survey_responses_batch_idx on public.survey_responses (import_batch_id) where import_batch_id is not null;

create table public.feedback (
  id bigint generated always as identity primary key,
  workspace_id uuid not null,
  touchpoint_id uuid,
  journey_id uuid,
  source text not null check (source in ('email', 'call', 'chat', 'review', 'social', 'survey')),
  body text not null check (char_length(body) between 1 and 20000),
  sentiment text check (sentiment is null or sentiment in ('positive', 'neutral', 'negative')),
  sentiment_score real check (sentiment_score is null or sentiment_score between -1 and 1),
  theme text check (theme is null or char_length(theme) <= 100),
  persona_id uuid,
  import_batch_id uuid,
  created_at timestamptz not null default now(),
  foreign key (touchpoint_id, workspace_id) references public.touchpoints (id, workspace_id) on delete cascade,
  foreign key (journey_id, workspace_id) references public.journeys (id, workspace_id) on delete cascade,
  foreign key (persona_id, workspace_id) references public.personas (id, workspace_id) on delete set null (persona_id),
  foreign key (import_batch_id, workspace_id) references public.import_batches (id, workspace_id) on delete cascade
);
comment on table public.feedback is 'Customer verbatims (emails, calls, chats, reviews, social posts, survey comments) with sentiment and theme, attached to a touchpoint when known.';
create index feedback_touchpoint_idx on public.feedback (touchpoint_id, created_at);
create index feedback_workspace_idx on public.feedback (workspace_id);

create table public.service_cases (
  id bigint generated always as identity primary key,
  workspace_id uuid not null,
  touchpoint_id uuid not null,
  channel text check (channel is null or channel in ('web', 'app', 'email', 'phone', 'store', 'chat', 'social', 'other')),
  category text check (category is null or char_length(category) <= 100),
  opened_at timestamptz not null,
  first_response_at timestamptz check (first_response_at is null or first_response_at >= opened_at),
  resolved_at timestamptz check (resolved_at is null or resolved_at >= opened_at),
  import_batch_id uuid,
  created_at timestamptz not null default now(),
  foreign key (touchpoint_id, workspace_id) references public.touchpoints (id, workspace_id) on delete cascade,
  foreign key (import_batch_id, workspace_id) references public.import_batches (id, workspace_id) on delete cascade
);
comment on table public.service_cases is 'Support cases at a touchpoint: FRT = first_response_at - opened_at, TTR = resolved_at - opened_at (open cases have no resolved_at).';
create index service_cases_touchpoint_idx on public.service_cases (touchpoint_id, opened_at);
create index service_cases_workspace_idx on public.service_cases (workspace_id);

create table public.metric_targets (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  journey_id uuid,
  metric text not null check (metric in ('nps', 'csat', 'ces', 'frt', 'ttr')),
  target real not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- NPS -100..100; CSAT 0..100 %; CES 1..7; FRT minutes; TTR hours.
  check (
    (metric = 'nps' and target between -100 and 100)
    or (metric = 'csat' and target between 0 and 100)
    or (metric = 'ces' and target between 1 and 7)
    or (metric in ('frt', 'ttr') and target > 0)
  ),
  unique nulls not distinct (workspace_id, journey_id, metric),
  foreign key (journey_id, workspace_id) references public.journeys (id, workspace_id) on delete cascade
);
comment on table public.metric_targets is 'Targets per metric: workspace defaults (journey_id null) and per-journey overrides.';
create trigger metric_targets_touch before update on public.metric_targets
  for each row execute function public.touch_updated_at();

select private.enable_content_rls('public.import_batches');
select private.enable_content_rls('public.surveys');
select private.enable_content_rls('public.survey_responses');
select private.enable_content_rls('public.feedback');
select private.enable_content_rls('public.service_cases');
select private.enable_content_rls('public.metric_targets');
