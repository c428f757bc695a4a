analyze customer_info, product_catalog, purchase_transactions,
  customer_service, campaign_responses, website_behavior;
