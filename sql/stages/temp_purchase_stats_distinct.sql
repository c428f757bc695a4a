-- Seed 1.2: purchase statistics per customer, for sources where nothing guarantees that
-- transaction_id is unique (see temp_purchase_stats.sql): the seed's COUNT(DISTINCT), so a
-- transaction listed twice counts once, as in the seed.
-- $1: the run's as-of date. Sums stay numeric here; customer_360 converts them once.
create unlogged table temp_purchase_stats as
select
  customer_id,
  count(distinct transaction_id)::integer as total_purchases,
  sum(total_amount) as total_spend,
  avg(total_amount) as avg_order_value,
  max(purchase_date) as last_purchase_date,
  $1::date - max(purchase_date) as days_since_last_purchase
from purchase_transactions
group by customer_id
order by customer_id
