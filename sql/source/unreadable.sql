-- Source tables that exist but that the current user may not read. information_schema hides
-- them, so without this prepare would call them missing before the grants are run.
-- $1: schema of the sources.
select c.relname::text as table_name
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
where n.nspname = $1
  and c.relkind in ('r', 'p', 'v', 'm', 'f')
  and c.relname in (
    'customer_info', 'product_catalog', 'purchase_transactions',
    'customer_service', 'campaign_responses', 'website_behavior'
  )
  and not (has_schema_privilege(n.oid, 'usage') and has_table_privilege(c.oid, 'select'))
order by 1
