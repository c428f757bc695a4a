-- $1 lock key; true when taken (held until the transaction ends), false at once when busy.
select pg_try_advisory_xact_lock($1::bigint) as locked
