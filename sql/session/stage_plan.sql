-- Planner settings of a stage in a full run, which reads its whole source (is_local = true).
-- Sorted aggregation, not hashed: a million groups of numeric sums outgrow the work_mem that
-- concurrent stages can have, and a spilled hash aggregate is slower than one external sort.
-- No nested loops: every join here is of whole tables, where the planner's row estimates for
-- derived tables (200 groups by default) would otherwise pick one. No parallel workers: stages
-- run side by side, a core each (docs/performance.md).
select
  set_config('enable_hashagg', 'off', true),
  set_config('enable_nestloop', 'off', true),
  set_config('max_parallel_workers_per_gather', '0', true),
  set_config('max_parallel_maintenance_workers', '0', true)
