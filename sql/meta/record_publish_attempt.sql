-- $1 run id, $2 status ('succeeded' or 'failed'), $3 rows, $4 error, $5 when the attempt started.
-- One attempt of publish, kept as a stage row named 'publish', so that a retried publish shows
-- its attempts, time and last error as a stage does. Nothing is written for a run the ledger
-- does not hold.
insert into cdp_meta.stage_runs as s (run_id, stage, status, rows, error, started_at, finished_at)
select $1, 'publish', $2, $3, $4, $5::timestamptz, clock_timestamp()
where exists (select from cdp_meta.runs where run_id = $1)
on conflict (run_id, stage) do update
  set status = excluded.status, attempts = s.attempts + 1, started_at = excluded.started_at,
      finished_at = excluded.finished_at, rows = excluded.rows, error = excluded.error
