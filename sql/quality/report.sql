-- The run's data-quality report: how many source rows of each kind of dirt the published state
-- holds, as one JSON object (keys: QUALITY_CHECKS in core/quality.ts), recorded in the run's
-- ledger row. It only counts: every such row is kept or left out as the seed's SQL does.
-- Read from the persistent state as this run leaves it (cdp_state, every customer, recomputed
-- or not): each stage counted its source's dirt per customer_id (the dq_* columns).
-- $1: the run's as-of date, for the three counts that depend on it; those are looked up in the
-- sources only for the customers whose latest date is past it (most runs have none).
with customers as (
  select
    count(*) filter (where customer_id is null) as null_customer_id,
    count(customer_id) - count(distinct customer_id) as duplicate_customer_id,
    count(*) filter (where registration_date > $1::date) as registered_after_as_of_date
  from cdp_state.customer_basic
), activity as (
  -- Each activity source's rows per customer_id, as its stage counted them.
  select 'purchase_transactions' as source, customer_id, dq_rows as rows from cdp_state.purchase_stats
  union all select 'customer_service', customer_id, total_interactions from cdp_state.customer_service_stats
  union all select 'campaign_responses', customer_id, dq_rows from cdp_state.campaign_engagement
  union all select 'website_behavior', customer_id, total_sessions from cdp_state.website_behavior
), null_customer as (
  select jsonb_object_agg(source, rows) as rows
  from (select source, sum(rows) as rows from activity where customer_id is null group by source) counted
), unknown_customer as (
  select jsonb_object_agg(source, rows) as rows
  from (
    select source, sum(rows) as rows
    from activity a
    where customer_id is not null
      and not exists (select from cdp_state.customer_basic b where b.customer_id = a.customer_id)
    group by source
  ) counted
), purchases_after as (
  select count(*) as rows
  from public.purchase_transactions pt
  where pt.purchase_date > $1::date
    and pt.customer_id in (select customer_id from cdp_state.purchase_stats where last_purchase_date > $1::date)
), null_customer_purchases_after as (
  select count(*) as rows
  from public.purchase_transactions pt
  where pt.purchase_date > $1::date
    and pt.customer_id is null
    and exists (select from cdp_state.purchase_stats where customer_id is null and last_purchase_date > $1::date)
), visits_after as (
  select count(*) as rows
  from public.website_behavior wb
  where wb.visit_date > $1::date
    and wb.customer_id in (select customer_id from cdp_state.website_behavior where last_visit_date > $1::date)
), null_customer_visits_after as (
  select count(*) as rows
  from public.website_behavior wb
  where wb.visit_date > $1::date
    and wb.customer_id is null
    and exists (select from cdp_state.website_behavior where customer_id is null and last_visit_date > $1::date)
), sums as (
  select
    (select coalesce(sum(dq_negative_amount), 0) from cdp_state.purchase_stats) as negative_amount,
    (select coalesce(sum(dq_unknown_product), 0) from cdp_state.product_preferences) as unknown_product,
    (select coalesce(sum(dq_satisfaction_out_of_range), 0) from cdp_state.customer_service_stats) as satisfaction_out_of_range,
    (select coalesce(sum(dq_unknown_resolution_status), 0) from cdp_state.customer_service_stats) as unknown_resolution_status,
    (select coalesce(sum(dq_unknown_response_type), 0) from cdp_state.campaign_engagement) as unknown_response_type,
    (select coalesce(sum(dq_repeat_conversion), 0) from cdp_state.campaign_engagement where customer_id is not null) as repeat_conversion
)
select jsonb_build_object(
  'customer_info.null_customer_id', c.null_customer_id,
  'customer_info.duplicate_customer_id', c.duplicate_customer_id,
  'customer_info.registered_after_as_of_date', c.registered_after_as_of_date,
  'purchase_transactions.null_customer_id', coalesce((n.rows ->> 'purchase_transactions')::bigint, 0),
  'purchase_transactions.unknown_customer', coalesce((u.rows ->> 'purchase_transactions')::bigint, 0),
  'purchase_transactions.unknown_product', s.unknown_product,
  'purchase_transactions.negative_amount', s.negative_amount,
  'purchase_transactions.after_as_of_date', (select rows from purchases_after) + (select rows from null_customer_purchases_after),
  'customer_service.null_customer_id', coalesce((n.rows ->> 'customer_service')::bigint, 0),
  'customer_service.unknown_customer', coalesce((u.rows ->> 'customer_service')::bigint, 0),
  'customer_service.satisfaction_out_of_range', s.satisfaction_out_of_range,
  'customer_service.unknown_resolution_status', s.unknown_resolution_status,
  'campaign_responses.null_customer_id', coalesce((n.rows ->> 'campaign_responses')::bigint, 0),
  'campaign_responses.unknown_customer', coalesce((u.rows ->> 'campaign_responses')::bigint, 0),
  'campaign_responses.unknown_response_type', s.unknown_response_type,
  'campaign_responses.repeat_conversion', s.repeat_conversion,
  'website_behavior.null_customer_id', coalesce((n.rows ->> 'website_behavior')::bigint, 0),
  'website_behavior.unknown_customer', coalesce((u.rows ->> 'website_behavior')::bigint, 0),
  'website_behavior.after_as_of_date', (select rows from visits_after) + (select rows from null_customer_visits_after)
) as quality
from customers c, null_customer n, unknown_customer u, sums s
