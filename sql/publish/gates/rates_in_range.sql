-- Gate: rates are percentages. service_resolution_rate must lie in 0..100 (resolved interactions
-- are a subset of all interactions). campaign_conversion_rate must not be negative; its upper
-- bound is not 100, because the seed divides conversion responses by distinct campaigns and a
-- customer who converts twice on one campaign scores 200 (about 1 customer in 10,000 in the
-- sample data; counted as campaign_responses.repeat_conversion in the quality report).
-- Offending: rows with a rate out of range.
select count(*)::integer as offending
from customer_360
where service_resolution_rate not between 0 and 100
   or campaign_conversion_rate < 0
