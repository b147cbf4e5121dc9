create policy "Users can read their own profile and admins every profile"
  on public.profiles for select
  to authenticated
  using (user_id = (select auth.uid()) or (select private.is_admin()));

create policy "Admins can create profiles"
  on public.profiles for insert
  to authenticated
  with check ((select private.is_admin()));

create policy "Admins can update profiles"
  on public.profiles for update
  to authenticated
  using ((select private.is_admin()))
  with check ((select private.is_admin()));

create policy "Users read their own assignments and admins read all"
  on public.community_assignments for select
  to authenticated
  using (user_id = (select auth.uid()) or (select private.is_admin()));

create policy "Admins can assign communities"
  on public.community_assignments for insert
  to authenticated
  with check ((select private.is_admin()));

create policy "Admins can remove assignments"
  on public.community_assignments for delete
  to authenticated
  using ((select private.is_admin()));
