-- An incremental run's published rows, inside publish's transaction (search_path: the run's
-- schema first): each changed customer's row replaced by the run's (none, when the customer is no
-- longer in customer_info). customer_360_base never holds a NULL id (the key gate).
delete from cdp_state.customer_360_base where customer_id in (select customer_id from changed_customers);
insert into cdp_state.customer_360_base select * from customer_360_base;
