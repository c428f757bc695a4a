-- $1 run id, $2 as-of date, $3 backfill. A run id seen before restarts only with the same as-of
-- date and only if it was not published; no row returned means refused (the caller says why).
insert into cdp_meta.runs as r (run_id, as_of_date, status, backfill)
values ($1, $2::date, 'running', $3)
on conflict (run_id) do update
  set status = 'running', started_at = clock_timestamp(), finished_at = null, rows = null,
      error = null, quality = null, backfill = excluded.backfill
  where r.as_of_date = excluded.as_of_date and r.status <> 'published'
returning run_id, to_char(as_of_date, 'YYYY-MM-DD') as as_of_date
