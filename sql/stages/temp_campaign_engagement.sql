-- Seed 1.5: engagement with marketing campaigns per customer.
-- dq_* columns: this source's dirty rows per customer, for the data-quality report
-- (sql/publish/create_customer_dirt.sql). Known response types are the ones the feed
-- documents: the seed counts only 'Conversion', so a misspelt 'Converted' (or NULL) is reported
-- rather than silently not counted.
create unlogged table temp_campaign_engagement as
select
  cr.customer_id,
  count(distinct cr.campaign_id)::integer as campaigns_engaged,
  sum(case when cr.response_type = 'Conversion' then 1 else 0 end)::integer as campaign_conversions,
  count(*)::integer as dq_rows,
  count(*) filter (
    where cr.response_type is null
       or cr.response_type not in ('Open', 'Click', 'Conversion', 'Unsubscribe')
  )::integer as dq_unknown_response_type,
  -- Conversions beyond the first on one campaign (a NULL campaign_id counts as one campaign):
  -- what lifts campaign_conversion_rate above 100.
  (count(*) filter (where cr.response_type = 'Conversion')
    - count(distinct cr.campaign_id) filter (where cr.response_type = 'Conversion')
    - (count(*) filter (where cr.response_type = 'Conversion' and cr.campaign_id is null) > 0)::integer
  )::integer as dq_repeat_conversion
from campaign_responses cr
group by cr.customer_id
order by cr.customer_id
