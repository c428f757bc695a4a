-- The source columns that exist, for prepare's check that every table and column the stages
-- read is there. $1: schema of the sources.
select table_name::text as table_name, column_name::text as column_name
from information_schema.columns
where table_schema = $1
  and table_name in (
    'customer_info', 'product_catalog', 'purchase_transactions',
    'customer_service', 'campaign_responses', 'website_behavior'
  )
