-- Seed 1.2: purchase statistics per customer, for sources where nothing guarantees that
-- transaction_id is unique (see temp_purchase_stats.sql): the seed's COUNT(DISTINCT), so a
-- transaction listed twice counts once, as in the seed.
-- $1: the run's as-of date. Sums stay numeric here; customer_360 converts them once.
--
-- dq_* columns: this source's data-quality counts per customer_id, taken in the same pass and
-- summed by sql/quality/source_report.sql; customer_360 does not read them.
create unlogged table temp_purchase_stats as
select
  customer_id,
  count(distinct transaction_id)::integer as total_purchases,
  sum(total_amount) as total_spend,
  avg(total_amount) as avg_order_value,
  max(purchase_date) as last_purchase_date,
  $1::date - max(purchase_date) as days_since_last_purchase,
  count(*)::integer as dq_rows,
  count(*) filter (where total_amount < 0)::integer as dq_negative_amount,
  count(*) filter (where purchase_date > $1::date)::integer as dq_after_as_of_date,
  -- Rows whose transaction_id the customer already has: counted once above, summed every time.
  (count(transaction_id) - count(distinct transaction_id))::integer as dq_duplicate_transaction_id
from purchase_transactions
group by customer_id
order by customer_id
