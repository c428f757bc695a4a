-- The published table's summary: customers per customer_segment and per customer_status (a value
-- no customer has is left out). The values are those of the CASEs in create_customer_360_base.sql
-- and customer_360_view.sql; core/summary.ts checks each set adds up to all rows, so a value
-- added there and not here fails the publish instead of going uncounted.
select
  count(*)::integer as rows,
  jsonb_strip_nulls(jsonb_build_object(
    'High Value', nullif(count(*) filter (where customer_segment = 'High Value'), 0),
    'Medium Value', nullif(count(*) filter (where customer_segment = 'Medium Value'), 0),
    'Low Value', nullif(count(*) filter (where customer_segment = 'Low Value'), 0)
  )) as segments,
  jsonb_strip_nulls(jsonb_build_object(
    'Active', nullif(count(*) filter (where customer_status = 'Active'), 0),
    'At Risk', nullif(count(*) filter (where customer_status = 'At Risk'), 0),
    'Churned', nullif(count(*) filter (where customer_status = 'Churned'), 0)
  )) as statuses
from public.customer_360
