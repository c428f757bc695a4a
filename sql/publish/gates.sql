-- The quality gates, on the rows this run recomputed (customer_360_base and customer_dirt in the
-- run's schema: every customer in a full run, the changed ones in an incremental run). Published
-- rows passed when they were published, and no gated column depends on the as-of date. One
-- column per gate (GATES in core/gates.ts), each the number of rows breaking it; 0: it passed.
select
  -- One row per row of the run's copy of customer_info: a stage table repeating a customer
  -- would fan the join out. Offending: rows too many or too few.
  abs(count(*) - (select count(*) from temp_customer_basic))::integer as one_row_per_customer,
  -- customer_id is the table's key: a NULL or repeated id in customer_info (the seed's SQL
  -- would pass both through), as the run's data-quality ledger counts them. Offending: null ids
  -- plus repeats.
  (select coalesce(sum(rows), 0) from customer_dirt
   where kind in ('customer_info.null_customer_id', 'customer_info.duplicate_customer_id'))::integer as customer_id_unique_not_null,
  count(*) filter (
    where total_purchases < 0
       or customer_service_interactions < 0
       or resolved_interactions < 0
       or campaigns_engaged < 0
       or campaign_conversions < 0
       or total_sessions < 0
       or total_touchpoints < 0
  )::integer as non_negative_counts,
  -- Refunds net off as in the seed, so spend goes below zero only when the feed has lost
  -- purchases, and a negative lifetime value must not reach the tools that read this table.
  -- (monthly_avg_spend is rightly negative for a customer registered after a backfill's date.)
  count(*) filter (where total_spend < 0 or avg_order_value < 0)::integer as non_negative_spend,
  -- Rates are percentages. campaign_conversion_rate has no upper bound: the seed divides
  -- conversions by distinct campaigns, so two conversions on one campaign make 200.
  count(*) filter (
    where service_resolution_rate not between 0 and 100
       or campaign_conversion_rate < 0
  )::integer as rates_in_range
from customer_360_base
