-- Seed 1.5: engagement with marketing campaigns per customer.
-- Rows in customer order, the order publish joins in.
--
-- dq_* columns: this source's data-quality counts per customer_id, taken in the same pass and
-- summed by sql/quality/source_report.sql; customer_360 does not read them.
create unlogged table temp_campaign_engagement as
select
  customer_id,
  count(distinct campaign_id)::integer as campaigns_engaged,
  sum(case when response_type = 'Conversion' then 1 else 0 end)::integer as campaign_conversions,
  count(*)::integer as dq_rows,
  -- Known types are the ones the feed documents; the seed counts only 'Conversion', so a
  -- misspelt 'Converted' (or NULL) is reported here rather than silently not counted.
  count(*) filter (
    where response_type is null
       or response_type not in ('Open', 'Click', 'Conversion', 'Unsubscribe')
  )::integer as dq_unknown_response_type,
  -- Conversions beyond the first on one campaign (a NULL campaign_id is one campaign here):
  -- what lifts campaign_conversion_rate above 100.
  (count(*) filter (where response_type = 'Conversion')
    - count(distinct campaign_id) filter (where response_type = 'Conversion')
    - (count(*) filter (where response_type = 'Conversion' and campaign_id is null) > 0)::integer
  )::integer as dq_repeat_conversion
from campaign_responses
group by customer_id
order by customer_id
