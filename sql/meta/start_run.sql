-- $1 run id, $2 as-of date, $3 backfill, $4 owner (or null). A run id seen before restarts only
-- with the same as-of date, only if it was not published, and, while it is still running, only
-- for its owner (or when it has none); it then takes the new owner. No row returned means
-- refused (the caller says why). The conflicting row is locked, so a second prepare of the same
-- run waits for the first to commit and is then refused.
insert into cdp_meta.runs as r (run_id, as_of_date, status, backfill, owner, owner_since)
values ($1, $2::date, 'running', $3, $4, clock_timestamp())
on conflict (run_id) do update
  set status = 'running', started_at = clock_timestamp(), finished_at = null, rows = null,
      error = null, quality = null, backfill = excluded.backfill,
      owner = excluded.owner, owner_since = excluded.owner_since
  where r.as_of_date = excluded.as_of_date and r.status <> 'published'
    and (r.status <> 'running' or r.owner is null or r.owner = excluded.owner)
returning run_id, to_char(as_of_date, 'YYYY-MM-DD') as as_of_date
