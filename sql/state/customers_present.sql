-- Whether the state still holds customers: its tables are UNLOGGED, and a crash or a failover
-- empties them (then prepare falls back to a full run).
select exists (select from cdp_state.customer_basic) as present
