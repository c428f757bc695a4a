-- Seed 1.2 as temp_purchase_stats.sql, for a source whose transaction_id is a key (unique and
-- NOT NULL): there the seed's COUNT(DISTINCT transaction_id) equals count(*), which needs no
-- sort per customer (docs/performance.md).
create unlogged table temp_purchase_stats as
select
  pt.customer_id,
  count(*)::integer as total_purchases,
  sum(pt.total_amount) as total_spend,
  avg(pt.total_amount) as avg_order_value,
  max(pt.purchase_date) as last_purchase_date,
  count(*)::integer as dq_rows,
  count(*) filter (where pt.total_amount < 0)::integer as dq_negative_amount,
  -- The key guarantees no transaction_id repeats: nothing to count.
  0 as dq_duplicate_transaction_id,
  array_agg(pt.purchase_date) filter (where pt.purchase_date > $1::date) as dq_dates_after_as_of
from purchase_transactions pt
group by pt.customer_id
order by pt.customer_id
