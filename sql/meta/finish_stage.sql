-- $1 run id, $2 stage, $3 status, $4 rows, $5 error.
update cdp_meta.stage_runs
set status = $3, rows = $4, error = $5, finished_at = clock_timestamp()
where run_id = $1 and stage = $2
