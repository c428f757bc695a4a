-- Seed 1.5: engagement with marketing campaigns per customer.
-- Rows in customer order, the order publish joins in.
create unlogged table temp_campaign_engagement as
select
  customer_id,
  count(distinct campaign_id)::integer as campaigns_engaged,
  sum(case when response_type = 'Conversion' then 1 else 0 end)::integer as campaign_conversions
from campaign_responses
group by customer_id
order by customer_id
