-- Seed 1.2: purchase statistics per customer, the seed's COUNT(DISTINCT transaction_id).
-- Departure: days_since_last_purchase is derived from last_purchase_date when customer_360 is
-- read (sql/publish/customer_360_view.sql). When a key guarantees transaction ids are unique,
-- temp_purchase_stats_keyed.sql counts rows instead (core/stage-plan.ts).
-- dq_* columns: this source's dirty rows per customer, for the data-quality report
-- (sql/publish/create_customer_dirt.sql). $1, the run's as-of date, is read only for them: the
-- dates of purchases after it, which later runs count against their own date.
create unlogged table temp_purchase_stats as
select
  pt.customer_id,
  count(distinct pt.transaction_id)::integer as total_purchases,
  sum(pt.total_amount) as total_spend,
  avg(pt.total_amount) as avg_order_value,
  max(pt.purchase_date) as last_purchase_date,
  count(*)::integer as dq_rows,
  count(*) filter (where pt.total_amount < 0)::integer as dq_negative_amount,
  -- Rows repeating a transaction id: counted once in total_purchases, as the seed's
  -- COUNT(DISTINCT) counts them, but each in the spend.
  (count(pt.transaction_id) - count(distinct pt.transaction_id))::integer as dq_duplicate_transaction_id,
  array_agg(pt.purchase_date) filter (where pt.purchase_date > $1::date) as dq_dates_after_as_of
from purchase_transactions pt
group by pt.customer_id
order by pt.customer_id
