-- The state after a publish. $1 run id, $2 as-of date, $3 the capture's fingerprint as prepare
-- saw it, $4 why the next run must be a full one (or null), $5 whether the run was a full one.
insert into cdp_state.published as p (run_id, as_of_date, version, capture_fingerprint, needs_full_reason, dated_from)
values ($1, $2::date, 1, $3, $4, $2::date)
on conflict (singleton) do update set
  run_id = excluded.run_id,
  as_of_date = excluded.as_of_date,
  version = p.version + 1,
  capture_fingerprint = excluded.capture_fingerprint,
  needs_full_reason = excluded.needs_full_reason,
  dated_from = case when $5::boolean then excluded.dated_from else greatest(p.dated_from, excluded.dated_from) end,
  published_at = clock_timestamp()
