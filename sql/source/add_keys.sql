-- Keys and customer_id indexes of the generated sources, built once after the bulk load, where
-- that is cheapest. The customer_id indexes are what an operational database would have for its
-- own lookups, and what an incremental run reads the changed customers through.
alter table customer_info add primary key (customer_id);
alter table product_catalog add primary key (product_id);
alter table purchase_transactions add primary key (transaction_id);
alter table customer_service add primary key (interaction_id);
alter table campaign_responses add primary key (response_id);
alter table website_behavior add primary key (session_id);
create index on purchase_transactions (customer_id);
create index on customer_service (customer_id);
create index on campaign_responses (customer_id);
create index on website_behavior (customer_id);
