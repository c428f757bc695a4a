-- A full run's state replaces the previous one, inside publish's transaction. The search_path
-- starts with the run's schema, whose stage tables and customer_360_base become the state.
drop table if exists
  cdp_state.customer_basic, cdp_state.purchase_stats, cdp_state.product_preferences,
  cdp_state.customer_service_stats, cdp_state.campaign_engagement, cdp_state.website_behavior;
alter table temp_customer_basic rename to customer_basic;
alter table temp_purchase_stats rename to purchase_stats;
alter table temp_product_preferences rename to product_preferences;
alter table temp_customer_service_stats rename to customer_service_stats;
alter table temp_campaign_engagement rename to campaign_engagement;
alter table temp_website_behavior rename to website_behavior;
alter table customer_basic set schema cdp_state;
alter table purchase_stats set schema cdp_state;
alter table product_preferences set schema cdp_state;
alter table customer_service_stats set schema cdp_state;
alter table campaign_engagement set schema cdp_state;
alter table website_behavior set schema cdp_state;
