-- Seed 1.4: customer service interactions per customer.
-- Rows in customer order, the order publish joins in.
create unlogged table temp_customer_service_stats as
select
  customer_id,
  count(*)::integer as total_interactions,
  avg(satisfaction_score) as avg_satisfaction_score,
  sum(case when resolution_status = 'Resolved' then 1 else 0 end)::integer as resolved_interactions
from customer_service
group by customer_id
order by customer_id
