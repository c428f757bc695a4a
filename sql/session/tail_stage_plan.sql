-- Planner settings of the stage the workflow runs last, temp_customer_basic (is_local = true:
-- they end with the transaction).
-- Otherwise those of sql/session/stage_plan.sql, where stages have no parallel workers: two
-- run side by side, a core each. The smallest stage is started last, though, when the other
-- lane has usually finished its work, so it may take the idle core: one worker reads
-- customer_info by its key beside the leader, and Gather Merge keeps customer order, the order
-- publish joins in (1,000,000 customers: 0.90 -> 0.58 s for the statement). Its index stays
-- serial.
select
  set_config('enable_hashagg', 'off', true),
  set_config('max_parallel_workers_per_gather', '1', true),
  set_config('parallel_tuple_cost', '0.001', true),
  set_config('max_parallel_maintenance_workers', '0', true)
