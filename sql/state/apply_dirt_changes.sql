-- An incremental run's data-quality ledger, inside publish's transaction (search_path: the run's
-- schema first): each changed customer's rows replaced by the run's. A NULL customer_id stands
-- for the source rows without one. Also for a run a gate refuses, whose report is recorded, then
-- rolled back.
delete from cdp_state.customer_dirt where customer_id in (select customer_id from changed_customers);
delete from cdp_state.customer_dirt where customer_id is null and exists (select from changed_customers where customer_id is null);
insert into cdp_state.customer_dirt select * from customer_dirt;
