-- Planner settings of a stage whose aggregates all keep plain 8-byte states (is_local = true:
-- they end with the transaction). Its hash table holds about 250 bytes a customer, so it may
-- use four times work_mem (hash_mem_multiplier; 256MB with the default 64MB, enough for
-- 1,000,000 customers): hashing then spares the sort of every source row, 8.6 -> 6.5 CPU s for
-- the web sessions at that size (README, "Performance"). A bigger source spills hash batches
-- to disk within that limit, which measured about as fast as the sorted plan of
-- sql/session/stage_plan.sql. No parallel workers, for the statement or for the index, as in
-- that file.
select
  set_config('hash_mem_multiplier', '4', true),
  set_config('max_parallel_workers_per_gather', '0', true),
  set_config('max_parallel_maintenance_workers', '0', true)
