-- How many customers an incremental run recomputes (after changed_customers.sql).
select count(*)::integer as customers from changed_customers
