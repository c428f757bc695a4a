-- Built once, after the load: cheaper than maintaining the index row by row.
alter table customer_360 add primary key (customer_id)
