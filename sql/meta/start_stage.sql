-- $1 run id, $2 stage. Committed before the stage's work, so a reader sees it running.
insert into cdp_meta.stage_runs as s (run_id, stage, status)
values ($1, $2, 'running')
on conflict (run_id, stage) do update
  set status = 'running', attempts = s.attempts + 1, started_at = clock_timestamp(),
      finished_at = null, rows = null, error = null
