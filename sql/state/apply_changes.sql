-- An incremental run's changes, inside publish's transaction, search_path starting with the
-- run's schema: every changed customer's rows in the state are replaced by what the run's stages
-- computed for them (none, when the customer no longer has any). A NULL customer_id is a
-- customer of its own here, as in the stages' GROUP BY.
delete from cdp_state.customer_basic where customer_id in (select customer_id from changed_customers);
delete from cdp_state.customer_basic where customer_id is null and exists (select from changed_customers where customer_id is null);
insert into cdp_state.customer_basic select * from temp_customer_basic;

delete from cdp_state.purchase_stats where customer_id in (select customer_id from changed_customers);
delete from cdp_state.purchase_stats where customer_id is null and exists (select from changed_customers where customer_id is null);
insert into cdp_state.purchase_stats select * from temp_purchase_stats;

delete from cdp_state.product_preferences where customer_id in (select customer_id from changed_customers);
delete from cdp_state.product_preferences where customer_id is null and exists (select from changed_customers where customer_id is null);
insert into cdp_state.product_preferences select * from temp_product_preferences;

delete from cdp_state.customer_service_stats where customer_id in (select customer_id from changed_customers);
delete from cdp_state.customer_service_stats where customer_id is null and exists (select from changed_customers where customer_id is null);
insert into cdp_state.customer_service_stats select * from temp_customer_service_stats;

delete from cdp_state.campaign_engagement where customer_id in (select customer_id from changed_customers);
delete from cdp_state.campaign_engagement where customer_id is null and exists (select from changed_customers where customer_id is null);
insert into cdp_state.campaign_engagement select * from temp_campaign_engagement;

delete from cdp_state.website_behavior where customer_id in (select customer_id from changed_customers);
delete from cdp_state.website_behavior where customer_id is null and exists (select from changed_customers where customer_id is null);
insert into cdp_state.website_behavior select * from temp_website_behavior;
