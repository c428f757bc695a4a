-- Gate: no negative spend. Refunds (negative amounts) are summed as the seed does, so a customer
-- goes below zero only when refunds exceed the purchases on record: the feed has lost purchases,
-- and a negative lifetime value must not reach the tools that read this table.
-- monthly_avg_spend is not checked: it is also negative, rightly, for a customer registered
-- after the as-of date (a backfill), whose days_since_registration is negative.
-- Offending: rows with a negative total_spend or avg_order_value.
select count(*)::integer as offending
from customer_360
where total_spend < 0 or avg_order_value < 0
