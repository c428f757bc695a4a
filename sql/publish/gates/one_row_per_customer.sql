-- Gate: exactly one customer_360 row per customer of the run. Compared with temp_customer_basic,
-- the run's own copy of customer_info, not the live table: feeds keep loading during a run,
-- and a customer registered since the stage read customer_info is not an error of this table.
-- A stage table holding a customer twice would fan the join out; this is what it catches.
-- Offending: rows too many or too few.
select abs((select count(*) from customer_360) - (select count(*) from temp_customer_basic))::integer as offending
