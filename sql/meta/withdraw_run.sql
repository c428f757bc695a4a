-- $1 run id, $2 reason. Withdraws a published run (once): it stays published in the ledger, with
-- when and why it was withdrawn, and stops counting as the newest published as-of date.
update cdp_meta.runs
set withdrawn_at = clock_timestamp(), withdrawn_reason = $2
where run_id = $1 and status = 'published' and withdrawn_at is null
returning run_id, to_char(as_of_date, 'YYYY-MM-DD') as as_of_date
