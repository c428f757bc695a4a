-- $1 run id. The run's failed stages with what each recorded as its cause.
select stage, error
from cdp_meta.stage_runs
where run_id = $1 and status = 'failed'
order by stage
