-- Seed 1.6: website behaviour per customer.
-- The averages are avg()'s own arithmetic written out, sum::numeric / count::numeric (digit for
-- digit what avg of an integer gives), so that every aggregate keeps an 8-byte state and a hash
-- table of all customers fits in the stage's memory: the sessions are hashed, not sorted
-- (sql/session/hashed_stage_plan.sql, docs/performance.md).
create unlogged table temp_website_behavior as
select
  customer_id,
  count(*)::integer as total_sessions,
  sum(pages_viewed)::numeric / count(pages_viewed)::numeric as avg_pages_per_session,
  sum(time_spent)::numeric / count(time_spent)::numeric as avg_time_per_session,
  max(visit_date) as last_visit_date,
  -- The dates of visits after $1, the run's as-of date, for the data-quality report
  -- (sql/publish/create_customer_dirt.sql), which later runs count against their own date.
  array_agg(visit_date) filter (where visit_date > $1::date) as dq_dates_after_as_of
from website_behavior
group by customer_id
order by customer_id
