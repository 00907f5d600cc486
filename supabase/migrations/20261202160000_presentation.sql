-- Presentation mode (issue 7 item 3): speaker notes per journey and slide.
-- A slide is named by the stable key buildSlides gives it ('title', 'persona:<id>',
-- 'stage:<id>', 'closing'; src/lib/domain/presentation/slides.ts), so a note stays with its
-- stage or persona when slides are added or reordered. The live slide position is not stored:
-- it lives in the app server's memory (and Redis when several instances run).

create table public.presentation_notes (
  journey_id uuid not null,
  workspace_id uuid not null,
  slide_key text not null check (slide_key ~ '^(title|closing|persona:[0-9a-f-]{36}|stage:([0-9a-f-]{36}|none))$'),
  body text not null default '' check (char_length(body) <= 10000),
  updated_by uuid default auth.uid() references auth.users (id) on delete set null,
  updated_at timestamptz not null default now(),
  primary key (journey_id, slide_key),
  foreign key (journey_id, workspace_id) references public.journeys (id, workspace_id) on delete cascade
);
comment on table public.presentation_notes is 'Speaker notes of a journey''s presentation, one per slide key (title, persona:<id>, stage:<id>, closing). Members read; owners and editors write.';
create index presentation_notes_workspace_idx on public.presentation_notes (workspace_id);
create trigger presentation_notes_touch before update on public.presentation_notes
  for each row execute function public.touch_updated_at();

-- Members read; owners and editors insert, update and delete (the standard content policies).
select private.enable_content_rls('public.presentation_notes');

-- The author column is the caller, whatever the client sends (the service role keeps its value).
create or replace function private.presentation_note_author() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if auth.uid() is not null then
    new.updated_by := auth.uid();
  end if;
  return new;
end
$$;
comment on function private.presentation_note_author() is 'Trigger: presentation_notes.updated_by is the signed-in caller, never a value the client chose.';
create trigger presentation_notes_author before insert or update on public.presentation_notes
  for each row execute function private.presentation_note_author();

grant select, insert, update, delete on public.presentation_notes to authenticated;
grant all on public.presentation_notes to service_role;
