-- The sources an incremental run reads by customer_id that have no index leading with it: an
-- incremental run would read them whole for a handful of customers, so it falls back to a full
-- run, and `cdp capture install` refuses, naming the index to create.
select s.table_name
from (values ('customer_info'), ('purchase_transactions'), ('customer_service'),
             ('campaign_responses'), ('website_behavior')) as s (table_name)
where not exists (
  select
  from pg_index i
  join pg_class t on t.oid = i.indrelid
  join pg_attribute a on a.attrelid = t.oid and a.attnum = i.indkey[0]
  where t.relnamespace = 'public'::regnamespace
    and t.relname = s.table_name
    and a.attname = 'customer_id'
    and i.indisvalid
    and i.indpred is null
)
order by s.table_name
