-- Planner settings of the publish transaction (is_local = true: they end with it).
-- Every stage table is written in customer order with an index on customer_id, so the six-way
-- join is a merge join over index scans: no hash table, no sort, memory independent of the
-- customer count, and about a third of the time of the hash joins the planner would otherwise
-- pick (README, "Performance").
-- parallel_tuple_cost at a hundredth of its default: publish runs after the stages, so a
-- parallel worker has a core to use. With the default the planner judges passing a million
-- wide rows to the leader dearer than computing them, and keeps the join and its 31 expressions
-- on one core: the leader writes the rows, the worker joins and computes too. One worker, not
-- two: each process of a parallel merge join reads every inner table whole, and the quality
-- report is counted beside it on another session, so a second worker only adds a third
-- process to two cores (1,000,000 customers: table and report 6.9 -> 5.9 s with one worker,
-- 8.4 s serial). The worker's rows arrive interleaved, so the primary key sorts them; keeping
-- customer order (Gather Merge) cost more than that sort. A small run still gets a serial plan:
-- parallel_setup_cost is left as it is.
select
  set_config('enable_hashjoin', 'off', true),
  set_config('parallel_tuple_cost', '0.001', true),
  set_config('max_parallel_workers_per_gather', '1', true)
