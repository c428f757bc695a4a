-- The run's data-quality report: how many source rows of each kind of dirt the published state
-- holds, counted from its ledger (cdp_state.customer_dirt, sql/publish/create_customer_dirt.sql)
-- as of $1, the run's as-of date. One JSON object with a count per kind that has any; core/quality.ts
-- adds the kinds with none. It only counts: every such row is kept or left out of customer_360
-- as the seed's SQL does.
select coalesce(jsonb_object_agg(kind, rows), '{}') as quality
from (
  select kind, sum(rows)::bigint as rows
  from cdp_state.customer_dirt
  where dated is null or dated > $1::date
  group by kind
) counted
