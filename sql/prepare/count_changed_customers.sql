-- How many customers an incremental run recomputes (after changed_customers.sql), and about how
-- many are published (the primary key's entries, as the planner counts them: exact enough for a
-- share, without a count of the table).
select
  (select count(*) from changed_customers)::integer as changed,
  greatest((select reltuples from pg_class where oid = 'cdp_state.customer_360_base_pkey'::regclass), 0)::bigint as published
