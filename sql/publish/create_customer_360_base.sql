-- Seed step 2, over the run's six stage tables (search_path: the run's schema first): one row per
-- customer the run recomputed (every customer in a full run, the changed ones in an incremental
-- run), with the columns that do not depend on the as-of date. customer_360 adds the others when
-- it is read (customer_360_view.sql). Types follow the seed's JSON schema (REAL -> double
-- precision); total_spend stays numeric so that monthly_avg_spend divides it exactly as the seed.
create table customer_360_base as
select
  cb.customer_id::integer as customer_id,
  cb.first_name::text as first_name,
  cb.last_name::text as last_name,
  cb.email::text as email,
  cb.phone_number::text as phone_number,
  cb.date_of_birth::date as date_of_birth,
  cb.registration_date::date as registration_date,
  ps.total_purchases::integer as total_purchases,
  ps.total_spend as total_spend,
  ps.avg_order_value::double precision as avg_order_value,
  ps.last_purchase_date::date as last_purchase_date,
  pp.favorite_category::text as favorite_category,
  pp.favorite_brand::text as favorite_brand,
  css.total_interactions::integer as customer_service_interactions,
  css.avg_satisfaction_score::double precision as avg_satisfaction_score,
  css.resolved_interactions::integer as resolved_interactions,
  ce.campaigns_engaged::integer as campaigns_engaged,
  ce.campaign_conversions::integer as campaign_conversions,
  wb.total_sessions::integer as total_sessions,
  wb.avg_pages_per_session::double precision as avg_pages_per_session,
  wb.avg_time_per_session::integer as avg_time_per_session,
  wb.last_visit_date::date as last_visit_date,
  (case
    when ps.total_spend > 1000 and ps.total_purchases > 10 then 'High Value'
    when ps.total_spend > 500 or ps.total_purchases > 5 then 'Medium Value'
    else 'Low Value'
  end)::text as customer_segment,
  ((ce.campaign_conversions::float / nullif(ce.campaigns_engaged, 0)) * 100)::double precision as campaign_conversion_rate,
  ((css.resolved_interactions::float / nullif(css.total_interactions, 0)) * 100)::double precision as service_resolution_rate,
  (coalesce(wb.total_sessions, 0) + coalesce(ps.total_purchases, 0) + coalesce(css.total_interactions, 0))::integer as total_touchpoints
from temp_customer_basic cb
left join temp_purchase_stats ps on cb.customer_id = ps.customer_id
left join temp_product_preferences pp on cb.customer_id = pp.customer_id
left join temp_customer_service_stats css on cb.customer_id = css.customer_id
left join temp_campaign_engagement ce on cb.customer_id = ce.customer_id
left join temp_website_behavior wb on cb.customer_id = wb.customer_id
