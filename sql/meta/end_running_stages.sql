-- $1 run ids (text[]), $2 reason. The stages still marked running of runs that just ended
-- without publishing (abandoned, aborted): failed, with the run's reason, so no stage of an
-- ended run reads as running.
update cdp_meta.stage_runs
set status = 'failed', error = $2, finished_at = clock_timestamp()
where run_id = any($1::text[]) and status = 'running'
