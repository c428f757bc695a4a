-- An incremental run's sources: views in the run's schema, named as the source tables and ahead
-- of them on the stages' search_path, holding only the changed customers' rows. So the stages run
-- their own SQL, unchanged, over just those customers (through the sources' customer_id
-- indexes). product_catalog is read whole, as in a full run. Each view is a UNION ALL rather
-- than an OR, which would keep the planner from using the index.
create view customer_info as
  select * from public.customer_info where customer_id in (select customer_id from changed_customers)
  union all
  select * from public.customer_info where customer_id is null and exists (select from changed_customers where customer_id is null);

create view purchase_transactions as
  select * from public.purchase_transactions where customer_id in (select customer_id from changed_customers)
  union all
  select * from public.purchase_transactions where customer_id is null and exists (select from changed_customers where customer_id is null);

create view customer_service as
  select * from public.customer_service where customer_id in (select customer_id from changed_customers)
  union all
  select * from public.customer_service where customer_id is null and exists (select from changed_customers where customer_id is null);

create view campaign_responses as
  select * from public.campaign_responses where customer_id in (select customer_id from changed_customers)
  union all
  select * from public.campaign_responses where customer_id is null and exists (select from changed_customers where customer_id is null);

create view website_behavior as
  select * from public.website_behavior where customer_id in (select customer_id from changed_customers)
  union all
  select * from public.website_behavior where customer_id is null and exists (select from changed_customers where customer_id is null);
