-- $1 run id: a restarted run forgets the stages of its earlier attempt.
delete from cdp_meta.stage_runs where run_id = $1
