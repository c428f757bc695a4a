-- $1 run id.
select run_id, to_char(as_of_date, 'YYYY-MM-DD') as as_of_date, status, backfill, rows, error, quality, result,
  coalesce(mode, 'full') as mode, mode_reason, state_version, capture_fingerprint,
  owner, to_char(owner_since at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as owner_since,
  to_char(withdrawn_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as withdrawn_at
from cdp_meta.runs
where run_id = $1
