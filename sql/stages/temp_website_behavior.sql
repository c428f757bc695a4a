-- Seed 1.6: website behaviour per customer.
-- $1: the run's as-of date, for the data-quality count only.
-- Rows in customer order, the order publish joins in.
--
-- Performance (README, "Performance"): the averages are avg()'s own arithmetic written out,
-- sum::numeric / count::numeric (PostgreSQL's avg of an integer divides exactly these two
-- numerics), so that every aggregate keeps a plain 8-byte state: a hash table of one entry per
-- customer then fits in this stage's memory (sql/session/hashed_stage_plan.sql) and the 15
-- million sessions of 1,000,000 customers are not sorted. A group with no value gets NULL, as
-- avg() gives: sum is NULL there, and so is the quotient.
--
-- dq_* columns: this source's data-quality counts per customer_id, taken in the same pass and
-- summed by sql/quality/source_report.sql (total_sessions counts its rows); customer_360 does
-- not read them.
create unlogged table temp_website_behavior as
select
  customer_id,
  count(*)::integer as total_sessions,
  sum(pages_viewed)::numeric / count(pages_viewed)::numeric as avg_pages_per_session,
  sum(time_spent)::numeric / count(time_spent)::numeric as avg_time_per_session,
  max(visit_date) as last_visit_date,
  count(*) filter (where visit_date > $1::date)::integer as dq_after_as_of_date
from website_behavior
group by customer_id
order by customer_id
