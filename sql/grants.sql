-- Privileges of the pipeline's IAM database user (the functions' service account), run once per
-- database, after the first `cdktf deploy` and after the six source tables exist
-- (`cdp sources create`), by the built-in postgres user (a member of cloudsqlsuperuser, which
-- owns the databases Cloud SQL creates). An IAM database user starts with no privileges.
--
-- Placeholders, psql-variable style so the file runs as is:
--   psql "host=127.0.0.1 dbname=cdp user=postgres" -v iam_user=cdp-fn@PROJECT.iam -v db_name=cdp -f sql/grants.sql
-- `cdp grants` prints this file with them filled in, for Cloud SQL Studio.
--   :"iam_user" / :'iam_user'  the service account email without .gserviceaccount.com
--   :"db_name"                 the pipeline's database
-- Safe to run again: every statement is idempotent.
--
-- Correct on PostgreSQL 15 and on 16 and later, whose role rules are stricter: there,
-- `grant <role> to current_user` and `alter ... owner to <role>` need ADMIN OPTION on <role>,
-- which CREATEROLE (all that cloudsqlsuperuser has) no longer implies for a role someone else
-- created, as Cloud SQL creates IAM users. So sections 1 to 3 need no membership in the IAM
-- user's role, and the pipeline creates what it owns itself (cdp_meta, customer_360, the run
-- schemas). Only section 4 needs it, and only for objects an earlier run as another user left.
--
-- One section per concern; a new concern is a new numbered section at the end.

-- 1. The database: connect, and create schemas (the ledger cdp_meta, the per-run cdp_run_<id>).
grant connect, create on database :"db_name" to :"iam_user";

-- 2. The sources: read access to the six tables (sql/source/create_tables.sql).
grant usage on schema public to :"iam_user";
grant select on table
  public.customer_info,
  public.purchase_transactions,
  public.product_catalog,
  public.customer_service,
  public.campaign_responses,
  public.website_behavior
to :"iam_user";

-- 3. The result: customer_360 is built beside the old one in public and swapped in.
grant create on schema public to :"iam_user";

-- 4. Hand-over: customer_360, the ledger (cdp_meta) and the state (cdp_state), with their tables
-- and functions, must belong to the IAM user. On a fresh database they do not exist yet and this does nothing. Objects an earlier run
-- under another user created are given to it, which needs membership in its role: granted here
-- when allowed (PostgreSQL 15, or 16+ with ADMIN OPTION on the role); otherwise the error says
-- what to do.
select set_config('cdp.iam_user', :'iam_user', false);
do $$
declare
  iam text := current_setting('cdp.iam_user');
  item record;
begin
  for item in
    select 'schema' as kind, quote_ident(nspname) as name, pg_get_userbyid(nspowner) as owner
    from pg_namespace
    where nspname in ('cdp_meta', 'cdp_state')
    union all
    select case c.relkind when 'v' then 'view' else 'table' end, format('%I.%I', n.nspname, c.relname), pg_get_userbyid(c.relowner)
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p', 'v')
      and ((n.nspname = 'public' and c.relname = 'customer_360') or n.nspname in ('cdp_meta', 'cdp_state'))
    union all
    select 'function', p.oid::regprocedure::text, pg_get_userbyid(p.proowner)
    from pg_proc p
    join pg_namespace n on n.oid = p.pronamespace
    where n.nspname in ('cdp_meta', 'cdp_state')
  loop
    continue when item.owner = iam;
    if not pg_has_role(current_user, iam, 'member') then
      begin
        execute format('grant %I to current_user', iam);
      exception when insufficient_privilege then
        raise exception 'cannot hand % % (owned by %) to %: % needs ADMIN OPTION on that role (PostgreSQL 16+)', item.kind, item.name, item.owner, iam, current_user
          using hint = 'Drop it and let the pipeline recreate it (customer_360 is rebuilt by the next run; cdp_meta holds only the run ledger), or run this file as a role that has ADMIN OPTION on ' || quote_ident(iam) || '.';
      end;
    end if;
    execute format('alter %s %s owner to %I', item.kind, item.name, iam);
  end loop;
end
$$;

-- 5. The change capture incremental runs need (`cdp capture install`, run as the IAM user): its
-- triggers on the six sources. Their functions are the IAM user's own and SECURITY DEFINER, so
-- the applications that write the sources need no privilege on cdp_meta.
grant trigger on table
  public.customer_info,
  public.purchase_transactions,
  public.product_catalog,
  public.customer_service,
  public.campaign_responses,
  public.website_behavior
to :"iam_user";
