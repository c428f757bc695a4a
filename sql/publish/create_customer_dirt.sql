-- The data-quality ledger of the customers this run recomputed (every customer in a full run,
-- the changed ones in an incremental run), from its stage tables (search_path: the run's schema
-- first): one row per customer (NULL: the source rows without a customer_id) and kind of dirt
-- (QUALITY_CHECKS in core/quality.ts), only where there is some. Publish keeps it with the state
-- (cdp_state.customer_dirt), so the report sums a few rows, whichever customers the run recomputed.
-- `dated`: for the kinds that depend on the as-of date, the date of the rows counted; only rows
-- dated after $1, the run's as-of date, are kept, and a later run counts those after its own.
-- Each stage table is read once for the rows its stage found dirty, and once more, against
-- temp_customer_basic, for the rows of customers customer_info does not list.
create table customer_dirt as
with activity as (
  -- Each activity source's rows per customer_id, as its stage counted them.
  select 'purchase_transactions' as source, customer_id, dq_rows as rows from temp_purchase_stats
  union all select 'customer_service', customer_id, total_interactions from temp_customer_service_stats
  union all select 'campaign_responses', customer_id, dq_rows from temp_campaign_engagement
  union all select 'website_behavior', customer_id, total_sessions from temp_website_behavior
), purchases as materialized (
  select customer_id, dq_negative_amount, dq_duplicate_transaction_id, dq_dates_after_as_of
  from temp_purchase_stats
  where dq_negative_amount > 0 or dq_duplicate_transaction_id > 0 or dq_dates_after_as_of is not null
), contacts as materialized (
  select customer_id, dq_satisfaction_out_of_range, dq_unknown_resolution_status
  from temp_customer_service_stats
  where dq_satisfaction_out_of_range > 0 or dq_unknown_resolution_status > 0
), responses as materialized (
  select customer_id, dq_unknown_response_type, dq_repeat_conversion
  from temp_campaign_engagement
  where dq_unknown_response_type > 0 or dq_repeat_conversion > 0
), kinds (customer_id, kind, dated, rows) as (
  select customer_id, source || '.null_customer_id', null::date, rows from activity where customer_id is null
  union all
  select customer_id, source || '.unknown_customer', null, rows from activity a
  where customer_id is not null and not exists (select from temp_customer_basic c where c.customer_id = a.customer_id)
  union all
  select null, 'customer_info.null_customer_id', null, count(*) from temp_customer_basic where customer_id is null having count(*) > 0
  union all
  select customer_id, 'customer_info.duplicate_customer_id', null, count(*) - 1 from temp_customer_basic
  where customer_id is not null group by customer_id having count(*) > 1
  union all
  select customer_id, 'customer_info.registered_after_as_of_date', registration_date, 1 from temp_customer_basic
  where registration_date > $1::date
  union all
  select customer_id, 'purchase_transactions.negative_amount', null, dq_negative_amount from purchases
  union all
  select customer_id, 'purchase_transactions.duplicate_transaction_id', null, dq_duplicate_transaction_id from purchases
  union all
  select customer_id, 'purchase_transactions.after_as_of_date', dated, count(*) from purchases, unnest(dq_dates_after_as_of) as dated
  group by customer_id, dated
  union all
  select customer_id, 'purchase_transactions.unknown_product', null, dq_unknown_product from temp_product_preferences
  where dq_unknown_product > 0
  union all
  select customer_id, 'customer_service.satisfaction_out_of_range', null, dq_satisfaction_out_of_range from contacts
  union all
  select customer_id, 'customer_service.unknown_resolution_status', null, dq_unknown_resolution_status from contacts
  union all
  select customer_id, 'campaign_responses.unknown_response_type', null, dq_unknown_response_type from responses
  union all
  -- The rate's excess is counted for customers only: a NULL campaign of no customer is no one's.
  select customer_id, 'campaign_responses.repeat_conversion', null, dq_repeat_conversion from responses
  where customer_id is not null
  union all
  select customer_id, 'website_behavior.after_as_of_date', dated, count(*) from temp_website_behavior, unnest(dq_dates_after_as_of) as dated
  where dq_dates_after_as_of is not null
  group by customer_id, dated
)
select customer_id, kind, dated, rows::bigint as rows
from kinds
where rows > 0
