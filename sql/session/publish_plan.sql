-- Planner settings of the publish transaction (is_local = true: they end with it).
-- Every stage table is written in customer order with an index on customer_id, so the six-way
-- join is a merge join over index scans: no hash table, no sort, memory independent of the
-- customer count, and about a third of the time of the hash joins the planner would otherwise
-- pick (README, "Performance"). Rows also come out in customer order, so the primary key is
-- built from presorted input.
select set_config('enable_hashjoin', 'off', true)
