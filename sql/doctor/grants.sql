-- What sql/grants.sql gives the current user (the functions' IAM database user), for
-- `cdp doctor`; source-table reads are checked by source/unreadable.sql. An object that does not
-- exist yet counts as fine: the pipeline creates it, and then owns it.
select
  has_database_privilege(current_database(), 'connect') as connect_database,
  has_database_privilege(current_database(), 'create') as create_schemas,
  has_schema_privilege('public', 'usage') as use_public,
  has_schema_privilege('public', 'create') as create_in_public,
  coalesce((select relowner = (select oid from pg_roles where rolname = current_user) from pg_class where oid = to_regclass('public.customer_360')), true) as owns_customer_360,
  coalesce((select nspowner = (select oid from pg_roles where rolname = current_user) from pg_namespace where nspname = 'cdp_meta'), true) as owns_cdp_meta
