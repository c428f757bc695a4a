-- Planner settings of an incremental run's stages and publish (is_local = true: they end with the
-- transaction), which read a few customers' rows through indexes: random reads priced as on
-- SSD-backed, cached storage, so that the planner probes the indexes instead of scanning whole
-- tables for a small fraction of their rows (docs/performance.md).
select set_config('random_page_cost', '1.1', true)
