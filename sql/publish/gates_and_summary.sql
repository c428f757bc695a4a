-- The quality gates on the new customer_360 and the run's summary, in one scan of it (1,000,000
-- customers: 0.49 s against 0.96 s for a scan each).
-- Gates: one column per gate (named as GATES in core/gates.ts), each the number of rows breaking
-- it; 0 means the gate passed. All but customer_id_unique_not_null, which building the primary
-- key decides (sql/publish/key_gate.sql): without a distinct count, this scan needs no sort and
-- may run in parallel.
select
  -- one_row_per_customer: exactly one row per customer of the run. Compared with
  -- temp_customer_basic, the run's own copy of customer_info, not the live table: feeds keep
  -- loading during a run, and a customer registered since the stage read customer_info is not
  -- an error of this table. A stage table holding a customer twice would fan the join out;
  -- its unique index on customer_id (core/stage-index.ts) stops that stage first, and this is the
  -- check behind it. Offending: rows too many or too few.
  -- $1: the primary key was built (sql/publish/add_primary_key.sql). Then the gate holds without
  -- counting: customer_360 is temp_customer_basic left-joined, so each of its rows gives one
  -- row or more, and a key over customer_360's customer_id, unique and not null, leaves exactly
  -- one for each; a fan-out or a repeated customer fails the key. The planner folds the CASE
  -- on the value given, so temp_customer_basic is counted (0.07 s at 1,000,000 customers) only
  -- when the key failed, to tell this gate's count beside the key's.
  (case when $1::boolean then 0
        else abs(count(*) - (select count(*) from temp_customer_basic)) end)::integer as one_row_per_customer,
  -- non_negative_counts: no count below zero. Offending: rows with any negative count.
  count(*) filter (
    where total_purchases < 0
       or customer_service_interactions < 0
       or resolved_interactions < 0
       or campaigns_engaged < 0
       or campaign_conversions < 0
       or total_sessions < 0
       or total_touchpoints < 0
  )::integer as non_negative_counts,
  -- non_negative_spend: refunds (negative amounts) are summed as the seed does, so a customer
  -- goes below zero only when refunds exceed the purchases on record: the feed has lost
  -- purchases, and a negative lifetime value must not reach the tools that read this table.
  -- monthly_avg_spend is not checked: it is also negative, rightly, for a customer registered
  -- after the as-of date (a backfill), whose days_since_registration is negative.
  -- Offending: rows with a negative total_spend or avg_order_value.
  count(*) filter (where total_spend < 0 or avg_order_value < 0)::integer as non_negative_spend,
  -- rates_in_range: rates are percentages. service_resolution_rate must lie in 0..100
  -- (resolved interactions are a subset of all interactions). campaign_conversion_rate must not
  -- be negative; its upper bound is not 100, because the seed divides conversion responses by
  -- distinct campaigns and a customer who converts twice on one campaign scores 200 (about 1
  -- customer in 10,000 in the sample data; counted as campaign_responses.repeat_conversion in
  -- the quality report). Offending: rows with a rate out of range.
  count(*) filter (
    where service_resolution_rate not between 0 and 100
       or campaign_conversion_rate < 0
  )::integer as rates_in_range,
  -- The summary: customers per customer_segment and per customer_status, a value no customer
  -- has left out. The values are those of the CASEs in create_customer_360.sql, which give no
  -- other; core/gates.ts checks that each set adds up to summary_rows, so a value added there
  -- and not here fails the publish instead of going uncounted.
  jsonb_strip_nulls(jsonb_build_object(
    'High Value', nullif(count(*) filter (where customer_segment = 'High Value'), 0),
    'Medium Value', nullif(count(*) filter (where customer_segment = 'Medium Value'), 0),
    'Low Value', nullif(count(*) filter (where customer_segment = 'Low Value'), 0)
  )) as segments,
  jsonb_strip_nulls(jsonb_build_object(
    'Active', nullif(count(*) filter (where customer_status = 'Active'), 0),
    'At Risk', nullif(count(*) filter (where customer_status = 'At Risk'), 0),
    'Churned', nullif(count(*) filter (where customer_status = 'Churned'), 0)
  )) as statuses,
  count(*)::integer as summary_rows,
  -- Not gates: what the quality report counted beside the join takes from the table once it
  -- has its key (core/quality.ts): the rows of three sources its customers have (total_purchases
  -- counts every purchase row unless temp_purchase_stats_distinct.sql counted a repeated
  -- transaction once), the rest of each source's rows with a customer_id being unknown
  -- customers', and its customers registered after the as-of date.
  jsonb_build_object(
    'purchase_transactions', coalesce(sum(total_purchases), 0),
    'customer_service', coalesce(sum(customer_service_interactions), 0),
    'website_behavior', coalesce(sum(total_sessions), 0)
  ) as customer_rows,
  count(*) filter (where days_since_registration < 0)::integer as registered_after_as_of_date
from customer_360
