-- Planner settings of a full-run stage whose aggregates all keep 8-byte states
-- (sql/stages/temp_website_behavior.sql): its hash table of customers fits in four times
-- work_mem, and hashing spares the sort of every source row (docs/performance.md).
-- No parallel workers, as in stage_plan.sql.
select
  set_config('hash_mem_multiplier', '4', true),
  set_config('max_parallel_workers_per_gather', '0', true),
  set_config('max_parallel_maintenance_workers', '0', true)
