-- Privileges of the pipeline's IAM database user (the functions' service account), run once per
-- database by a member of cloudsqlsuperuser (e.g. the built-in postgres user), after the first
-- `cdktf deploy` and after the source tables exist. An IAM database user starts with none.
--
-- Placeholders, psql-variable style so the file runs as is:
--   psql "host=127.0.0.1 dbname=cdp user=postgres" -v iam_user=cdp-fn@PROJECT.iam -v db_name=cdp -f sql/grants.sql
-- `cdp grants` prints this file with both filled in (quoted identifiers) for Cloud SQL Studio.
--   :"iam_user"  the service account email without .gserviceaccount.com
--   :"db_name"   the pipeline's database
-- Safe to run again: every statement is idempotent.

-- Changing an owner to the IAM user needs membership in its role (Cloud SQL's postgres user is
-- not a true superuser).
grant :"iam_user" to current_user;

-- Run schemas (cdp_run_<runId>) are created by the pipeline itself.
grant connect, create on database :"db_name" to :"iam_user";

-- Read access to the six source tables.
grant usage on schema public to :"iam_user";
grant select on table
  public.customer_info,
  public.purchase_transactions,
  public.product_catalog,
  public.customer_service,
  public.campaign_responses,
  public.website_behavior
to :"iam_user";

-- customer_360 is rebuilt beside the old one and swapped in, so the user creates tables in
-- public and owns customer_360 (when it exists already).
grant create on schema public to :"iam_user";
alter table if exists public.customer_360 owner to :"iam_user";

-- The ledger: the schema and, when they exist already, its tables.
create schema if not exists cdp_meta authorization :"iam_user";
alter schema cdp_meta owner to :"iam_user";
alter table if exists cdp_meta.runs owner to :"iam_user";
alter table if exists cdp_meta.stage_runs owner to :"iam_user";
alter table if exists cdp_meta.changes owner to :"iam_user";

-- The persistent state incremental runs build on (cdp_state: the user creates its tables).
create schema if not exists cdp_state authorization :"iam_user";
alter schema cdp_state owner to :"iam_user";

-- The change capture (`cdp capture install`, run as the IAM user) puts triggers on the six
-- source tables; their functions are the user's own (SECURITY DEFINER), so writers need nothing.
grant trigger on table
  public.customer_info,
  public.purchase_transactions,
  public.product_catalog,
  public.customer_service,
  public.campaign_responses,
  public.website_behavior
to :"iam_user";
