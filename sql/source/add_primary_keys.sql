alter table customer_info add primary key (customer_id);
alter table product_catalog add primary key (product_id);
alter table purchase_transactions add primary key (transaction_id);
alter table customer_service add primary key (interaction_id);
alter table campaign_responses add primary key (response_id);
alter table website_behavior add primary key (session_id);
