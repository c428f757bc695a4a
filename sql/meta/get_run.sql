-- $1 run id.
select run_id, to_char(as_of_date, 'YYYY-MM-DD') as as_of_date, status, backfill, rows, error, quality, result
from cdp_meta.runs
where run_id = $1
