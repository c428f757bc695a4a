-- After the bulk load: sets hint bits and the visibility map once, so that neither the seed nor
-- the pipeline pays for the first scan of freshly written pages (whoever ran first would).
vacuum customer_info, product_catalog, purchase_transactions,
  customer_service, campaign_responses, website_behavior
