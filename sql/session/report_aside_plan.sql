-- Planner settings of the quality report counted on a session of its own while publish builds
-- customer_360 (is_local = true: they end with its transaction).
-- One process and merge joins: the report's anti-join of activity tables' customers against
-- temp_customer_basic (here campaigns' only: sql/quality/source_report.sql) then reads each
-- table's customer_id index in order, as publish's join does, instead of hashing a million
-- customers in three processes. Publish's join already keeps both cores busy, so the hashed
-- parallel plan only took CPU from it (1,000,000 customers, four tables: anti-join 0.66-0.73 s
-- on two cores, 0.75-0.83 s on one; the CREATE TABLE beside it 3.1-3.4 -> 2.8-2.9 s; publish
-- 4.35 -> 4.02 s in `cdp bench`, README "Performance").
-- Counted in the publish transaction itself, when no session is free, the report keeps the
-- planner's own choice: nothing runs beside it there.
select
  set_config('enable_hashjoin', 'off', true),
  set_config('max_parallel_workers_per_gather', '0', true)
