-- An incremental run's published rows, inside publish's transaction (search_path: the run's
-- schema first): each changed customer's row replaced by the run's (none, when the customer is no
-- longer in customer_info; customer_360_base never holds a NULL id, the key gate sees to it),
-- and the summary counts moved from the rows taken out to the rows put in.
with removed as (
  delete from cdp_state.customer_360_base where customer_id in (select customer_id from changed_customers)
  returning customer_segment, last_purchase_date
), added as (
  insert into cdp_state.customer_360_base select * from customer_360_base
  returning customer_segment, last_purchase_date
), moved as (
  select customer_segment, last_purchase_date, sum(n) as customers
  from (
    select customer_segment, last_purchase_date, -1 as n from removed
    union all
    select customer_segment, last_purchase_date, 1 from added
  ) rows
  group by customer_segment, last_purchase_date
)
insert into cdp_state.summary_counts as s (customer_segment, last_purchase_date, customers)
select customer_segment, last_purchase_date, customers from moved
on conflict (customer_segment, last_purchase_date) do update set customers = s.customers + excluded.customers
