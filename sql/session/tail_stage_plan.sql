-- Planner settings of the full-run stage the workflow starts last, temp_customer_basic: by then
-- the other lane has usually finished, so it may use the idle core for one parallel worker;
-- Gather Merge keeps customer order, the order publish joins in (docs/performance.md).
-- Otherwise as stage_plan.sql.
select
  set_config('enable_hashagg', 'off', true),
  set_config('enable_nestloop', 'off', true),
  set_config('max_parallel_workers_per_gather', '1', true),
  set_config('parallel_tuple_cost', '0.001', true),
  set_config('max_parallel_maintenance_workers', '0', true)
