-- Planner settings of a full run's publish (is_local = true: they end with its transaction).
-- Every stage table is in customer order with an index on customer_id, so the six-way join is a
-- merge join over index scans: no hash table, no sort. One parallel worker (a lower
-- parallel_tuple_cost lets the planner hand rows to the leader): publish runs after the stages,
-- so the second core is free (docs/performance.md).
select
  set_config('enable_hashjoin', 'off', true),
  set_config('parallel_tuple_cost', '0.001', true),
  set_config('max_parallel_workers_per_gather', '1', true)
