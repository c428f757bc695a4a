-- $1 how many runs: the newest runs with their stages, for `cdp status`. Times are the last
-- attempt's; `stages` maps each stage that started to {status, attempts, ms}.
with stage_times as (
  select
    run_id,
    jsonb_object_agg(
      stage,
      jsonb_build_object(
        'status', status,
        'attempts', attempts,
        'ms', (extract(epoch from finished_at - started_at) * 1000)::float8
      )
    ) as stages
  from cdp_meta.stage_runs
  group by run_id
),

newest_runs as (
  select *
  from cdp_meta.runs
  order by started_at desc, run_id
  limit $1
)

select
  r.run_id,
  to_char(r.as_of_date, 'YYYY-MM-DD') as as_of_date,
  r.status,
  r.backfill,
  to_char(r.started_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS') as started_at,
  (extract(epoch from r.finished_at - r.started_at) * 1000)::float8 as duration_ms,
  r.rows,
  r.error,
  r.quality,
  coalesce(s.stages, '{}'::jsonb) as stages
from newest_runs as r
left join stage_times as s on s.run_id = r.run_id
order by r.started_at desc, r.run_id
