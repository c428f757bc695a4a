-- The customers an incremental run recomputes (search_path: the run's schema, then the sources):
-- those whose rows a consumed change touched, and those who bought a product whose category or
-- brand changed. A NULL customer_id stands for the rows without one. Returns how many.
create table changed_customers as
select unnest(customer_ids) as customer_id from consumed_changes
union
select pt.customer_id
from public.purchase_transactions pt
where pt.product_id in (select unnest(product_ids) from consumed_changes);

create index on changed_customers (customer_id);
analyze changed_customers;
