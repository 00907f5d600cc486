-- Read-only share links (issue 7 item 5): a journey's presentation or a persona's card for people
-- without an account. The link carries a random token; only its SHA-256 is stored, so a leaked
-- table (or a member reading it) cannot open anything.
--
-- How a share viewer reads: never through the tables. anon gets no privilege on share_links and
-- no new policy anywhere; it may execute exactly four security definer functions, each of which
-- checks the token itself and returns only what its page shows:
--   share_link_target(p_token)    what a live link opens (kind, target id, title), or no row;
--   shared_persona(p_token)       the persona card of a persona link, or null;
--   shared_presentation(p_token)  what the slides of a journey link are built from, or null;
--   shared_photo_key(p_token, p_persona_id)  the stored photo of a persona the link shows, or null.
-- A bad, expired or revoked token (or one whose journey/persona was archived) gets the same
-- answer as one never issued: no row / null. Members list, create and revoke links through RLS.

create table public.share_links (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  journey_id uuid,
  persona_id uuid,
  -- hex SHA-256 of the token (the token itself is shown once, at creation, and never stored).
  token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
  label text not null default '' check (char_length(label) <= 200),
  created_by uuid default auth.uid() references public.profiles (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  revoked_at timestamptz,
  check (num_nonnulls(journey_id, persona_id) = 1),
  check (expires_at is null or expires_at > created_at),
  foreign key (journey_id, workspace_id) references public.journeys (id, workspace_id) on delete cascade,
  foreign key (persona_id, workspace_id) references public.personas (id, workspace_id) on delete cascade
);
comment on table public.share_links is
  'Read-only share links of a journey (its presentation) or a persona (its card): exactly one target, the SHA-256 of the token, an optional label and expiry, revoked_at once revoked. Members list; editors create and revoke; anon has no access (share viewers go through share_link_target / shared_persona / shared_presentation / shared_photo_key). docs/api.md.';
create index share_links_journey_idx on public.share_links (journey_id) where journey_id is not null;
create index share_links_persona_idx on public.share_links (persona_id) where persona_id is not null;
create index share_links_workspace_idx on public.share_links (workspace_id, created_at desc);

alter table public.share_links enable row level security;
create policy share_links_select on public.share_links for select to authenticated
  using (workspace_id in (select public.member_workspace_ids()));
-- A new link is live and made by the caller (no backdated revocation, no one else's name).
create policy share_links_insert on public.share_links for insert to authenticated
  with check (workspace_id in (select public.editor_workspace_ids())
    and created_by = (select auth.uid()) and revoked_at is null
    and (expires_at is null or expires_at > now()));
-- Revoking is the only update (column grants below) and it cannot be undone.
create policy share_links_update on public.share_links for update to authenticated
  using (workspace_id in (select public.editor_workspace_ids()) and revoked_at is null)
  with check (workspace_id in (select public.editor_workspace_ids()) and revoked_at is not null);

-- Privileges: the default grants give anon and authenticated everything; narrow them. anon gets
-- nothing; members may write only the columns a new link needs and, after, only revoked_at; nobody
-- deletes (revoked links stay listed as history until their journey or persona goes). token_hash
-- is readable by members: the SHA-256 of 256 random bits opens nothing.
revoke all on public.share_links from anon, authenticated;
grant select on public.share_links to authenticated;
grant insert (workspace_id, journey_id, persona_id, token_hash, label, created_by, expires_at)
  on public.share_links to authenticated;
grant update (revoked_at) on public.share_links to authenticated;

-- Resolving a token -------------------------------------------------------------------------------

create or replace function private.live_share_link(p_token text)
returns table (id uuid, workspace_id uuid, journey_id uuid, persona_id uuid)
language sql
stable
security definer
set search_path = ''
as $$
  -- Tokens are 43 base64url characters; anything far off is not hashed at all (same answer).
  select l.id, l.workspace_id, l.journey_id, l.persona_id
  from public.share_links l
  left join public.journeys j on j.id = l.journey_id
  left join public.personas p on p.id = l.persona_id
  where p_token is not null and char_length(p_token) between 16 and 128
    and l.token_hash = encode(sha256(convert_to(p_token, 'UTF8')), 'hex')
    and l.revoked_at is null
    and (l.expires_at is null or l.expires_at > now())
    and (l.journey_id is null or (j.id is not null and j.archived_at is null))
    and (l.persona_id is null or (p.id is not null and p.archived_at is null))
$$;
comment on function private.live_share_link(text) is
  'The share link a token opens, if it is live: not revoked, not expired, its journey or persona not archived. No row otherwise, the same for a token never issued.';

create or replace function public.share_link_target(p_token text)
returns table (kind text, target_id uuid, workspace_id uuid, title text)
language sql
stable
security definer
set search_path = ''
as $$
  select case when l.journey_id is not null then 'journey' else 'persona' end,
    coalesce(l.journey_id, l.persona_id),
    l.workspace_id,
    coalesce(j.name, p.name)
  from private.live_share_link(p_token) l
  left join public.journeys j on j.id = l.journey_id
  left join public.personas p on p.id = l.persona_id
$$;
comment on function public.share_link_target(text) is
  'Public API (anon): what a live share link opens: kind (journey or persona), the target''s id, its workspace''s id and its name. No row for a bad, expired or revoked token (one answer for all, so tokens cannot be probed). docs/api.md.';

-- What a share viewer sees ------------------------------------------------------------------------

create or replace function private.persona_card(p_persona public.personas)
returns jsonb
language sql
stable
set search_path = ''
as $$
  -- Through to_jsonb so the optional library fields (issue 7 item 1) are passed when their
  -- columns exist and are null when not. A fixed list: nothing else of the row leaves.
  select jsonb_build_object(
    'id', r -> 'id', 'name', r -> 'name', 'photo_url', r -> 'photo_url', 'quote', r -> 'quote',
    'role', r -> 'role', 'goals', r -> 'goals', 'pains', r -> 'pains', 'behaviours', r -> 'behaviours',
    'channels', r -> 'channels', 'age_range', r -> 'age_range', 'location', r -> 'location',
    'bio', r -> 'bio', 'motivations', r -> 'motivations', 'needs', r -> 'needs',
    'tech_comfort', r -> 'tech_comfort', 'scenario', r -> 'scenario', 'tags', r -> 'tags',
    'photo_key', r -> 'photo_key')
  from (select to_jsonb(p_persona) as r) x
$$;
comment on function private.persona_card(public.personas) is
  'The card fields of a persona as JSON (a fixed list; optional library fields are null when their columns do not exist). Used by the share functions.';

create or replace function public.shared_persona(p_token text)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select private.persona_card(p)
  from private.live_share_link(p_token) l
  join public.personas p on p.id = l.persona_id
$$;
comment on function public.shared_persona(text) is
  'Public API (anon): the card of the persona a live persona share link opens (name, photo, quote, role, goals, pains, behaviours, channels and the optional library fields), or null for any other token. docs/api.md.';

create or replace function private.hotspots_for_share(p_workspace_id uuid, p_journey_id uuid)
returns table (touchpoint_id uuid, friction_score double precision, is_hotspot boolean, evidence_n integer, explanation text)
language sql
stable
security definer
set search_path = ''
-- friction_hotspots admits members and the service role. This wrapper is private (no API role
-- may execute it) and only shared_presentation calls it, with the journey of a token it has just
-- checked: for that one call it speaks as the service role, so the friction model is not copied.
set request.jwt.claim.role = 'service_role'
as $$
  select h.touchpoint_id, h.friction_score, h.is_hotspot, h.evidence_n, h.explanation
  from public.friction_hotspots(p_workspace_id, p_journey_id) h
$$;
comment on function private.hotspots_for_share(uuid, uuid) is
  'friction_hotspots of one journey for shared_presentation (which checks the share token first). Not executable by any API role.';

create or replace function public.shared_presentation(p_token text)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
set jit = off
as $$
declare
  v_link record;
  v_min_n integer;
  v_ids uuid[];
  v_result jsonb;
begin
  select * into v_link from private.live_share_link(p_token) l where l.journey_id is not null;
  if v_link.id is null then
    return null;
  end if;
  select w.metric_min_n into v_min_n from public.workspaces w where w.id = v_link.workspace_id;
  select coalesce(array_agg(t.id), '{}') into v_ids
  from public.touchpoints t where t.journey_id = v_link.journey_id and t.archived_at is null;

  with m as (
    select * from private.metrics_rows(v_ids, v_min_n, null, null, null, null)
  ),
  h as (
    select * from private.hotspots_for_share(v_link.workspace_id, v_link.journey_id)
  ),
  tp as (
    select t.id, t.name, t.channel, t.stage_id, t.position,
      m.nps, coalesce(m.nps_n, 0) as nps_n, m.csat_pct, coalesce(m.csat_n, 0) as csat_n,
      m.ces_mean, coalesce(m.ces_n, 0) as ces_n,
      h.friction_score, coalesce(h.is_hotspot, false) as is_hotspot,
      coalesce(h.evidence_n, 0) as evidence_n, coalesce(h.explanation, '') as explanation
    from public.touchpoints t
    left join m on m.touchpoint_id = t.id
    left join h on h.touchpoint_id = t.id
    where t.id = any (v_ids)
  ),
  -- The verbatim rule of src/lib/domain/presentation/verbatim.ts, in SQL, so one comment per
  -- stage leaves the database and no more: the stage's touchpoints worst first (friction, then
  -- evidence, then canvas order); the first that has a comment gives its most negative one
  -- (unscored last, newest on ties). Feedback items and survey-answer comments both count.
  comments as (
    select f.touchpoint_id, f.body, f.sentiment, f.sentiment_score, f.created_at
    from public.feedback f where f.touchpoint_id = any (v_ids) and char_length(trim(f.body)) > 0
    union all
    select r.touchpoint_id, r.comment, r.sentiment, r.sentiment_score, r.responded_at
    from public.survey_responses r
    where r.touchpoint_id = any (v_ids) and r.comment is not null and char_length(trim(r.comment)) > 0
  ),
  best_comment as (
    select distinct on (c.touchpoint_id) c.*
    from comments c
    order by c.touchpoint_id, c.sentiment_score asc nulls last, c.created_at desc
  ),
  stage_verbatim as (
    select distinct on (tp.stage_id) tp.stage_id, b.body, b.sentiment, b.created_at, tp.id as touchpoint_id, tp.name as touchpoint_name
    from tp join best_comment b on b.touchpoint_id = tp.id
    where tp.stage_id is not null
    order by tp.stage_id, tp.friction_score desc nulls last, tp.evidence_n desc, tp.position, tp.name
  ),
  targets as (
    select d.metric, coalesce(o.target, w.target, d.target)::double precision as target
    from (values ('nps', 30), ('csat', 80), ('ces', 5.5)) d(metric, target)
    left join public.metric_targets w on w.workspace_id = v_link.workspace_id and w.journey_id is null and w.metric = d.metric
    left join public.metric_targets o on o.journey_id = v_link.journey_id and o.metric = d.metric
  )
  select jsonb_build_object(
    'journey', (select jsonb_build_object('id', j.id, 'workspace_id', j.workspace_id, 'name', j.name, 'description', j.description)
                from public.journeys j where j.id = v_link.journey_id),
    'min_n', v_min_n,
    'targets', (select jsonb_object_agg(t.metric, t.target) from targets t),
    'stages', coalesce((
      select jsonb_agg(jsonb_build_object('id', s.id, 'name', s.name, 'verbatim',
          (select jsonb_build_object('body', v.body, 'sentiment', v.sentiment, 'created_at', v.created_at,
              'touchpoint_id', v.touchpoint_id, 'touchpoint_name', v.touchpoint_name)
           from stage_verbatim v where v.stage_id = s.id))
        order by s.position, s.name)
      from public.stages s where s.journey_id = v_link.journey_id and s.archived_at is null), '[]'::jsonb),
    'touchpoints', coalesce((select jsonb_agg(to_jsonb(tp) order by tp.position, tp.name) from tp), '[]'::jsonb),
    'personas', coalesce((
      select jsonb_agg(private.persona_card(p) order by p.name)
      from public.journey_personas jp join public.personas p on p.id = jp.persona_id
      where jp.journey_id = v_link.journey_id and p.archived_at is null), '[]'::jsonb),
    'generated_at', now()
  ) into v_result;
  return v_result;
end
$$;
comment on function public.shared_presentation(text) is
  'Public API (anon): what the presentation of a live journey share link is built from: the journey (name, description), its stages in order with one verbatim each (the rule of verbatim.ts), its live touchpoints with NPS/CSAT/CES (null below the minimum n), friction and hotspot flag, the targets, and the linked personas'' cards. Null for any other token. docs/api.md.';

create or replace function public.shared_photo_key(p_token text, p_persona_id uuid)
returns text
language sql
stable
security definer
set search_path = ''
as $$
  -- The shared persona itself, or a live persona of the shared journey. Through to_jsonb, as
  -- persona_card: photo_key comes with the persona library migration.
  select to_jsonb(p) ->> 'photo_key'
  from private.live_share_link(p_token) l
  join public.personas p on p.id = p_persona_id and p.archived_at is null
  where p.id = l.persona_id
     or exists (select 1 from public.journey_personas jp where jp.journey_id = l.journey_id and jp.persona_id = p.id)
$$;
comment on function public.shared_photo_key(text, uuid) is
  'Public API (anon): the stored photo key of a persona a live share link shows (the shared persona, or one linked to the shared journey), so /share/<token>/photo/<persona> can serve it; null otherwise. docs/api.md.';

revoke execute on function private.live_share_link(text),
  private.persona_card(public.personas), private.hotspots_for_share(uuid, uuid) from public, anon, authenticated;
revoke execute on function public.share_link_target(text), public.shared_persona(text), public.shared_presentation(text),
  public.shared_photo_key(text, uuid) from public;
grant execute on function public.share_link_target(text), public.shared_persona(text), public.shared_presentation(text),
  public.shared_photo_key(text, uuid) to anon, authenticated, service_role;
