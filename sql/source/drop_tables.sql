-- Used only before loading generated sample data: sample loads replace the sources whole.
drop table if exists customer_info, product_catalog, purchase_transactions,
  customer_service, campaign_responses, website_behavior;
