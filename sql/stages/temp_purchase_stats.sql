-- Seed 1.2: purchase statistics per customer.
-- $1: the run's as-of date. Sums stay numeric here; customer_360 converts them once.
--
-- The seed's COUNT(DISTINCT transaction_id) is written count(*): the same number when
-- transaction_id is unique and never NULL. It spares a sort of every purchase per customer, and
-- the one sort by customer no longer carries the id (1,000,000 customers: 6.3 -> 5.2 s). This
-- file is used only when NOT NULL and a primary key or unique index on purchase_transactions
-- (transaction_id) guarantee that (core/stage-statements.ts asks the catalog); otherwise
-- temp_purchase_stats_distinct.sql, the seed's count, is used. Rows in customer order, the
-- order publish joins in.
--
-- dq_* columns: this source's data-quality counts per customer_id, taken in the same pass and
-- summed by sql/quality/source_report.sql; customer_360 does not read them.
create unlogged table temp_purchase_stats as
select
  customer_id,
  count(*)::integer as total_purchases,
  sum(total_amount) as total_spend,
  avg(total_amount) as avg_order_value,
  max(purchase_date) as last_purchase_date,
  $1::date - max(purchase_date) as days_since_last_purchase,
  count(*)::integer as dq_rows,
  count(*) filter (where total_amount < 0)::integer as dq_negative_amount,
  count(*) filter (where purchase_date > $1::date)::integer as dq_after_as_of_date,
  -- The key guarantees no transaction_id repeats: nothing to count.
  0 as dq_duplicate_transaction_id
from purchase_transactions
group by customer_id
order by customer_id
