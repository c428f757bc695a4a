-- $1 run id.
select stage, status from cdp_meta.stage_runs where run_id = $1
