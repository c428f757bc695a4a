-- Seed 1.6: website behaviour per customer.
-- $1: the run's as-of date, for the data-quality count only.
-- Rows in customer order, the order publish joins in.
--
-- dq_* columns: this source's data-quality counts per customer_id, taken in the same pass and
-- summed by sql/quality/source_report.sql (total_sessions counts its rows); customer_360 does
-- not read them.
create unlogged table temp_website_behavior as
select
  customer_id,
  count(*)::integer as total_sessions,
  avg(pages_viewed) as avg_pages_per_session,
  avg(time_spent) as avg_time_per_session,
  max(visit_date) as last_visit_date,
  count(*) filter (where visit_date > $1::date)::integer as dq_after_as_of_date
from website_behavior
group by customer_id
order by customer_id
