-- Runs whose schema prepare may remove, locked (FOR UPDATE) until the caller's transaction ends so
-- that a concurrent prepare of the same run id waits, then recreates its schema afresh:
--   * running, but nothing (run or stage) has started or finished for $1 hours: the workflow
--     that drove it is gone. Marked failed here, with $2 as the reason.
--   * already over (published, failed, superseded) yet its schema is still there: litter.
-- Schemas without a ledger row are left alone: nothing says how old they are.
-- $1 hours (may be fractional), $2 reason.
with run_schemas as (
  select substr(nspname, 9) as run_id
  from pg_namespace
  where nspname like 'cdp\_run\_%'
), candidates as (
  select r.run_id, r.status
  from cdp_meta.runs r
  where (
      r.status = 'running'
      and greatest(
        r.started_at,
        (select max(greatest(s.started_at, s.finished_at)) from cdp_meta.stage_runs s where s.run_id = r.run_id)
      ) < clock_timestamp() - $1::float8 * interval '1 hour'
    )
    or (r.status <> 'running' and r.run_id in (select run_id from run_schemas))
  for update of r
), failed as (
  update cdp_meta.runs r
  set status = 'failed', error = $2, finished_at = clock_timestamp()
  from candidates c
  where r.run_id = c.run_id and c.status = 'running'
  returning r.run_id
)
select c.run_id, (f.run_id is not null) as abandoned
from candidates c
left join failed f on f.run_id = c.run_id
order by c.run_id
