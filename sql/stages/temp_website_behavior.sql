-- Seed 1.6: website behaviour per customer.
-- Rows in customer order, the order publish joins in.
create unlogged table temp_website_behavior as
select
  customer_id,
  count(*)::integer as total_sessions,
  avg(pages_viewed) as avg_pages_per_session,
  avg(time_spent) as avg_time_per_session,
  max(visit_date) as last_visit_date
from website_behavior
group by customer_id
order by customer_id
