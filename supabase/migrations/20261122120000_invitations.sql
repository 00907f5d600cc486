-- Inviting someone who is already a member says so instead of pretending to add them again.
create or replace function public.invite_member(p_workspace_id uuid, p_email text, p_role text)
returns text
language plpgsql security definer set search_path = ''
as $$
declare
  v_user uuid;
begin
  if p_workspace_id not in (select public.owner_workspace_ids()) then
    raise exception 'Only an owner can invite members' using errcode = '42501';
  end if;
  if p_role not in ('owner', 'editor', 'viewer') then
    raise exception 'Role must be owner, editor or viewer' using errcode = '22023';
  end if;
  select id into v_user from public.profiles where lower(email) = lower(trim(p_email));
  if v_user is not null then
    if exists (select 1 from public.workspace_members where workspace_id = p_workspace_id and user_id = v_user) then
      return 'member';
    end if;
    insert into public.workspace_members (workspace_id, user_id, role) values (p_workspace_id, v_user, p_role);
    return 'added';
  end if;
  insert into public.workspace_invitations (workspace_id, email, role)
  values (p_workspace_id, lower(trim(p_email)), p_role)
  on conflict (workspace_id, email) do update set role = excluded.role;
  return 'invited';
end
$$;
comment on function public.invite_member(uuid, text, text) is 'Owner-only: adds an existing user by email, or records (or updates the role of) an invitation accepted at sign-up. Returns added | invited | member (already in the workspace; nothing changed).';
