-- The change capture as it is now: whether all of its 24 triggers (four on each source) are
-- there and enabled, how many fire ALWAYS (also for logical replication), and a fingerprint of
-- them, their functions and the source columns the stages read. Any DROP, DISABLE, ENABLE or re-creation of a trigger or function gives its
-- catalog row a new oid or xmin, and a source dropped, recreated or altered changes its columns'
-- line: then the fingerprint differs from the one the state was built with, changes may have
-- gone unrecorded, and the next run is a full one.
with sources as (
  select c.oid, c.relname
  from pg_class c
  where c.relnamespace = 'public'::regnamespace
    and c.relname in ('customer_info', 'product_catalog', 'purchase_transactions',
                      'customer_service', 'campaign_responses', 'website_behavior')
), triggers as (
  select s.relname, t.tgname, t.tgenabled, t.oid, t.xmin
  from pg_trigger t
  join sources s on s.oid = t.tgrelid
  where t.tgname in ('cdp_capture_insert', 'cdp_capture_update', 'cdp_capture_delete', 'cdp_capture_truncate')
), lines as (
  select format('trigger %s.%s %s %s %s', relname, tgname, tgenabled, oid, xmin) as line from triggers
  union all
  select format('function %s %s %s', p.proname, p.oid, p.xmin)
  from pg_proc p
  where p.pronamespace = to_regnamespace('cdp_meta')
    and p.proname in ('capture_customer_rows', 'capture_catalog_rows', 'capture_truncate')
  union all
  select format('column %s.%s %s %s', s.relname, a.attname, s.oid, format_type(a.atttypid, a.atttypmod))
  from sources s
  join pg_attribute a on a.attrelid = s.oid and a.attnum > 0 and not a.attisdropped
)
select
  (select count(*) from triggers where tgenabled in ('O', 'A')) = 24 as installed,
  (select count(*) from triggers)::integer as triggers,
  (select count(*) from triggers where tgenabled = 'A')::integer as always,
  md5(string_agg(line, E'\n' order by line)) as fingerprint
from lines
