-- The published table's summary as of $1, the as-of date: customers per customer_segment and per
-- customer_status (a value no customer has is left out), from cdp_state.summary_counts, the
-- customers per segment and last purchase date, so that it costs the same whatever the number
-- of customers. The segments are those of create_customer_360_base.sql's CASE; core/summary.ts
-- checks each set adds up to all rows.
with counts as (
  select customer_segment, cdp_state.customer_status($1::date - last_purchase_date) as customer_status, customers
  from cdp_state.summary_counts
)
select
  coalesce(sum(customers), 0)::integer as rows,
  (select coalesce(jsonb_object_agg(customer_segment, n), '{}') from (
     select customer_segment, sum(customers)::integer as n from counts group by 1 having sum(customers) > 0) s) as segments,
  (select coalesce(jsonb_object_agg(customer_status, n), '{}') from (
     select customer_status, sum(customers)::integer as n from counts group by 1 having sum(customers) > 0) s) as statuses
from counts
