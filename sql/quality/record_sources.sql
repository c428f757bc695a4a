-- The run's data-quality report: how many source rows of each kind of dirt the run reads,
-- counted once by prepare and kept in the ledger (cdp_meta.runs.quality) for publish's answer.
-- It only counts: the stages keep or leave out every such row exactly as the seed's SQL does
-- (README, "Dirty data"), so customer_360 still equals the seed's SQL on the same data.
-- Keys are QUALITY_CHECKS in core/quality.ts. $1 run id, $2 as-of date.
--
-- Known values are the ones the feeds document; anything else (other spelling or case, null)
-- is unknown. The seed counts only 'Resolved' and 'Conversion'; the others are named here so
-- that a misspelt 'resolved' or 'Converted' is reported rather than silently not counted.
with customer_ids as not materialized (
  -- Distinct first: a duplicated customer id must not multiply the rows joined to it.
  -- Not materialized: inlined into each of its four uses, so each scan of an activity table can
  -- run in parallel and hash the customers, not the activity (a million customers: 20 s, not 38).
  select distinct customer_id from customer_info where customer_id is not null
), product_ids as (
  select distinct product_id from product_catalog where product_id is not null
), customers as (
  select
    count(*) filter (where customer_id is null) as null_customer_id,
    count(customer_id) - count(distinct customer_id) as duplicate_customer_id,
    count(*) filter (where registration_date > $2::date) as registered_after_as_of_date
  from customer_info
), purchases as (
  select
    count(*) filter (where p.customer_id is null) as null_customer_id,
    count(*) filter (where p.customer_id is not null and c.customer_id is null) as unknown_customer,
    count(*) filter (where pc.product_id is null) as unknown_product,
    count(*) filter (where p.total_amount < 0) as negative_amount,
    count(*) filter (where p.purchase_date > $2::date) as after_as_of_date
  from purchase_transactions p
  left join customer_ids c on c.customer_id = p.customer_id
  left join product_ids pc on pc.product_id = p.product_id
), service as (
  select
    count(*) filter (where s.customer_id is null) as null_customer_id,
    count(*) filter (where s.customer_id is not null and c.customer_id is null) as unknown_customer,
    count(*) filter (where s.satisfaction_score not between 1 and 5) as satisfaction_out_of_range,
    count(*) filter (
      where s.resolution_status is null
         or s.resolution_status not in ('Resolved', 'Pending', 'Escalated', 'Unresolved')
    ) as unknown_resolution_status
  from customer_service s
  left join customer_ids c on c.customer_id = s.customer_id
), campaigns as (
  select
    count(*) filter (where r.customer_id is null) as null_customer_id,
    count(*) filter (where r.customer_id is not null and c.customer_id is null) as unknown_customer,
    count(*) filter (
      where r.response_type is null
         or r.response_type not in ('Open', 'Click', 'Conversion', 'Unsubscribe')
    ) as unknown_response_type
  from campaign_responses r
  left join customer_ids c on c.customer_id = r.customer_id
), repeat_conversions as (
  -- Conversions beyond the first by one customer on one campaign: the seed divides conversions
  -- by distinct campaigns, so these are what lift campaign_conversion_rate above 100.
  select coalesce(sum(conversions - 1), 0) as repeat_conversion
  from (
    select count(*) as conversions
    from campaign_responses
    where response_type = 'Conversion' and customer_id is not null
    group by customer_id, campaign_id
  ) per_campaign
), visits as (
  select
    count(*) filter (where w.customer_id is null) as null_customer_id,
    count(*) filter (where w.customer_id is not null and c.customer_id is null) as unknown_customer,
    count(*) filter (where w.visit_date > $2::date) as after_as_of_date
  from website_behavior w
  left join customer_ids c on c.customer_id = w.customer_id
)
update cdp_meta.runs
set quality = jsonb_build_object(
  'customer_info.null_customer_id', cu.null_customer_id,
  'customer_info.duplicate_customer_id', cu.duplicate_customer_id,
  'customer_info.registered_after_as_of_date', cu.registered_after_as_of_date,
  'purchase_transactions.null_customer_id', pu.null_customer_id,
  'purchase_transactions.unknown_customer', pu.unknown_customer,
  'purchase_transactions.unknown_product', pu.unknown_product,
  'purchase_transactions.negative_amount', pu.negative_amount,
  'purchase_transactions.after_as_of_date', pu.after_as_of_date,
  'customer_service.null_customer_id', se.null_customer_id,
  'customer_service.unknown_customer', se.unknown_customer,
  'customer_service.satisfaction_out_of_range', se.satisfaction_out_of_range,
  'customer_service.unknown_resolution_status', se.unknown_resolution_status,
  'campaign_responses.null_customer_id', ca.null_customer_id,
  'campaign_responses.unknown_customer', ca.unknown_customer,
  'campaign_responses.unknown_response_type', ca.unknown_response_type,
  'campaign_responses.repeat_conversion', rc.repeat_conversion,
  'website_behavior.null_customer_id', vi.null_customer_id,
  'website_behavior.unknown_customer', vi.unknown_customer,
  'website_behavior.after_as_of_date', vi.after_as_of_date
)
from customers cu, purchases pu, service se, campaigns ca, repeat_conversions rc, visits vi
where run_id = $1
returning quality
