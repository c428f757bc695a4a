-- The newest as-of date ever published. A run older than it is superseded: max, not the latest
-- publish, so that a late retry cannot roll the table back even after a backfill was published.
-- A run an operator withdrew (`cdp withdraw`) no longer counts.
select to_char(max(as_of_date), 'YYYY-MM-DD') as as_of_date
from cdp_meta.runs
where status = 'published' and withdrawn_at is null
