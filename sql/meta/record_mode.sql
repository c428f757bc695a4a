-- $1 run id, $2 requested mode, $3 mode that runs, $4 why they differ (or null), $5 the state's
-- version prepared against (or null), $6 the change capture's fingerprint (or null).
update cdp_meta.runs
set requested_mode = $2, mode = $3, mode_reason = $4, state_version = $5, capture_fingerprint = $6
where run_id = $1
