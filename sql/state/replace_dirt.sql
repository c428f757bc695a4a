-- A full run's data-quality ledger replaces the state's, inside publish's transaction (search_path:
-- the run's schema first). Also for a run a gate refuses, whose report is recorded, then rolled back.
create index on customer_dirt (customer_id);
drop table if exists cdp_state.customer_dirt;
alter table customer_dirt set schema cdp_state;
