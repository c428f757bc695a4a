-- The run's data-quality report: how many source rows of each kind of dirt the run read, as one
-- JSON object that publish stores in the ledger (cdp_meta.runs.quality, sql/meta/record_quality.sql)
-- before a gate can refuse the run. It only counts: the stages keep or leave out every such row
-- exactly as the seed's SQL does (README, "Dirty sources"), so customer_360 still equals the
-- seed's SQL on the same data. Keys are QUALITY_CHECKS in core/quality.ts. Run with the run's
-- schema first on the search_path.
--
-- Read from the stage tables, not the sources: each stage counts its source's dirt per
-- customer_id in the pass that builds it (the dq_* columns, and the row counts total_sessions
-- and total_interactions), so the report costs no second pass over the activity tables, only
-- sums over one row per customer. Rows of customer ids unknown to the run's copy of
-- customer_info (temp_customer_basic) come from one anti-join of the activity tables' customers,
-- so that copy is read once: hashed, or, when counted beside publish's join, merged in customer
-- order through the stage tables' indexes (sql/session/report_aside_plan.sql).
--
-- $1: whether to count all of it here. When false (the report counted beside publish's join),
-- what customer_360 will tell once it has its key (so one row per customer of the run, none
-- twice, none null) is left NULL: customer_info's counts, and the unknown customers of the
-- three sources whose rows it counts per customer (purchases, service contacts, web sessions),
-- for which rows_with_customer_id says how many of their rows have an id; the rows the table's
-- customers have are known customers', and core/quality.ts takes the rest as unknown. Only
-- campaign responses, whose rows the table does not count, are anti-joined. For purchases that
-- holds only while total_purchases counts every row (purchases_counted_as_one false): the
-- distinct count of temp_purchase_stats_distinct.sql counts a transaction listed twice once,
-- and such a run is counted with $1 true instead. (1,000,000 customers: the anti-join reads 0.9
-- million customers instead of 3.5 million, and temp_customer_basic is not sorted for its
-- distinct count; README, "Performance".)
with purchases as (
  select
    coalesce(sum(dq_rows) filter (where customer_id is null), 0) as null_customer_id,
    coalesce(sum(dq_rows) filter (where customer_id is not null), 0) as rows_with_customer_id,
    -- total_purchases counts a customer's rows (dq_rows), or its distinct transactions.
    coalesce(sum(dq_rows - total_purchases), 0) > 0 as purchases_counted_as_one,
    coalesce(sum(dq_negative_amount), 0) as negative_amount,
    coalesce(sum(dq_after_as_of_date), 0) as after_as_of_date,
    coalesce(sum(dq_duplicate_transaction_id), 0) as duplicate_transaction_id
  from temp_purchase_stats
), unknown as (
  select
    coalesce(sum(rows) filter (where source = 'purchase_transactions'), 0) as purchase_transactions,
    coalesce(sum(rows) filter (where source = 'customer_service'), 0) as customer_service,
    coalesce(sum(rows) filter (where source = 'campaign_responses'), 0) as campaign_responses,
    coalesce(sum(rows) filter (where source = 'website_behavior'), 0) as website_behavior
  from (
    select 'purchase_transactions' as source, customer_id, dq_rows as rows from temp_purchase_stats
    union all select 'customer_service', customer_id, total_interactions from temp_customer_service_stats
    union all select 'campaign_responses', customer_id, dq_rows from temp_campaign_engagement
    union all select 'website_behavior', customer_id, total_sessions from temp_website_behavior
  ) activity
  where customer_id is not null
    -- $1 is known when the statement is planned: a source left out is not read at all.
    and ($1::boolean or source = 'campaign_responses')
    and not exists (select from temp_customer_basic c where c.customer_id = activity.customer_id)
), favourites as (
  select coalesce(sum(dq_unknown_product), 0) as unknown_product
  from temp_product_preferences
), service as (
  select
    coalesce(sum(total_interactions) filter (where customer_id is null), 0) as null_customer_id,
    coalesce(sum(total_interactions) filter (where customer_id is not null), 0) as rows_with_customer_id,
    coalesce(sum(dq_satisfaction_out_of_range), 0) as satisfaction_out_of_range,
    coalesce(sum(dq_unknown_resolution_status), 0) as unknown_resolution_status
  from temp_customer_service_stats
), campaigns as (
  select
    coalesce(sum(dq_rows) filter (where customer_id is null), 0) as null_customer_id,
    coalesce(sum(dq_unknown_response_type), 0) as unknown_response_type,
    coalesce(sum(dq_repeat_conversion) filter (where customer_id is not null), 0) as repeat_conversion
  from temp_campaign_engagement
), visits as (
  select
    coalesce(sum(total_sessions) filter (where customer_id is null), 0) as null_customer_id,
    coalesce(sum(total_sessions) filter (where customer_id is not null), 0) as rows_with_customer_id,
    coalesce(sum(dq_after_as_of_date), 0) as after_as_of_date
  from temp_website_behavior
), customers as (
  select
    count(*) filter (where customer_id is null) as null_customer_id,
    count(customer_id) - count(distinct customer_id) as duplicate_customer_id,
    count(*) filter (where days_since_registration < 0) as registered_after_as_of_date
  from temp_customer_basic
  where $1::boolean
)
select jsonb_build_object(
  'customer_info.null_customer_id', case when $1::boolean then cu.null_customer_id end,
  'customer_info.duplicate_customer_id', case when $1::boolean then cu.duplicate_customer_id end,
  'customer_info.registered_after_as_of_date', case when $1::boolean then cu.registered_after_as_of_date end,
  'purchase_transactions.null_customer_id', pu.null_customer_id,
  'purchase_transactions.unknown_customer', case when $1::boolean then un.purchase_transactions end,
  'purchase_transactions.unknown_product', fa.unknown_product,
  'purchase_transactions.negative_amount', pu.negative_amount,
  'purchase_transactions.after_as_of_date', pu.after_as_of_date,
  'purchase_transactions.duplicate_transaction_id', pu.duplicate_transaction_id,
  'customer_service.null_customer_id', se.null_customer_id,
  'customer_service.unknown_customer', case when $1::boolean then un.customer_service end,
  'customer_service.satisfaction_out_of_range', se.satisfaction_out_of_range,
  'customer_service.unknown_resolution_status', se.unknown_resolution_status,
  'campaign_responses.null_customer_id', ca.null_customer_id,
  'campaign_responses.unknown_customer', un.campaign_responses,
  'campaign_responses.unknown_response_type', ca.unknown_response_type,
  'campaign_responses.repeat_conversion', ca.repeat_conversion,
  'website_behavior.null_customer_id', vi.null_customer_id,
  'website_behavior.unknown_customer', case when $1::boolean then un.website_behavior end,
  'website_behavior.after_as_of_date', vi.after_as_of_date
) as quality,
jsonb_build_object(
  'purchase_transactions', pu.rows_with_customer_id,
  'customer_service', se.rows_with_customer_id,
  'website_behavior', vi.rows_with_customer_id
) as rows_with_customer_id,
pu.purchases_counted_as_one
from customers cu, unknown un, purchases pu, favourites fa, service se, campaigns ca, visits vi
