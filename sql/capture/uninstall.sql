-- Removes the change capture (`cdp capture uninstall`): the triggers, then their functions.
-- Dropping a trigger needs the sources' owner. The change log stays (the next run is a full one:
-- the capture's fingerprint is gone).
drop trigger if exists cdp_capture_insert on public.customer_info;
drop trigger if exists cdp_capture_update on public.customer_info;
drop trigger if exists cdp_capture_delete on public.customer_info;
drop trigger if exists cdp_capture_truncate on public.customer_info;
drop trigger if exists cdp_capture_insert on public.purchase_transactions;
drop trigger if exists cdp_capture_update on public.purchase_transactions;
drop trigger if exists cdp_capture_delete on public.purchase_transactions;
drop trigger if exists cdp_capture_truncate on public.purchase_transactions;
drop trigger if exists cdp_capture_insert on public.customer_service;
drop trigger if exists cdp_capture_update on public.customer_service;
drop trigger if exists cdp_capture_delete on public.customer_service;
drop trigger if exists cdp_capture_truncate on public.customer_service;
drop trigger if exists cdp_capture_insert on public.campaign_responses;
drop trigger if exists cdp_capture_update on public.campaign_responses;
drop trigger if exists cdp_capture_delete on public.campaign_responses;
drop trigger if exists cdp_capture_truncate on public.campaign_responses;
drop trigger if exists cdp_capture_insert on public.website_behavior;
drop trigger if exists cdp_capture_update on public.website_behavior;
drop trigger if exists cdp_capture_delete on public.website_behavior;
drop trigger if exists cdp_capture_truncate on public.website_behavior;
drop trigger if exists cdp_capture_insert on public.product_catalog;
drop trigger if exists cdp_capture_update on public.product_catalog;
drop trigger if exists cdp_capture_delete on public.product_catalog;
drop trigger if exists cdp_capture_truncate on public.product_catalog;
drop function if exists cdp_meta.capture_customer_rows(), cdp_meta.capture_catalog_rows(), cdp_meta.capture_truncate();
