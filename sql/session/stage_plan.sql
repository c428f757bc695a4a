-- Planner settings of a stage transaction (is_local = true: they end with it).
-- Sorted aggregation, not hashed: a stage groups millions of source rows into about one group
-- per customer, and at a million customers the hash tables (a numeric sum and average cost some
-- 300 bytes a customer) outgrow any work_mem a small instance can give six concurrent stages.
-- The planner then spills hash batches to disk, which measured 1.7 to 2 times slower than one
-- external sort (README, "Performance"). A sort needs only work_mem, whatever the data. A stage
-- whose aggregates keep 8-byte states only hashes instead: sql/session/hashed_stage_plan.sql.
-- No parallel workers, for the statement or for the index on the stage table (but for the
-- stage run last: sql/session/tail_stage_plan.sql): stages run side by side, a core each, and
-- the index is built over rows already in customer order, where a worker only adds CPU
-- (1,000,000 rows: 0.33-0.52 CPU s serial, 0.66-0.91 with a worker, and no sooner done).
select
  set_config('enable_hashagg', 'off', true),
  set_config('max_parallel_workers_per_gather', '0', true),
  set_config('max_parallel_maintenance_workers', '0', true)
