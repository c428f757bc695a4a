-- $1 run id, $2 status, $3 rows, $4 error, $5 publish's answer as JSON text (or null).
update cdp_meta.runs
set status = $2, rows = $3, error = $4, result = $5::jsonb, finished_at = clock_timestamp()
where run_id = $1
