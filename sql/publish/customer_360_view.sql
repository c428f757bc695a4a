-- customer_360 as readers see it: the published rows (cdp_state.customer_360_base) with the
-- seed's columns that depend on the as-of date, derived from the published as-of date
-- (cdp_state.published). So an unchanged customer is right on any day without being rewritten.
-- Column order and types are the seed's; customer_status is the seed's CASE, written once in
-- sql/state/create_state.sql. age() is taken on calendar timestamps, so a reader's time zone
-- cannot change it. CREATE OR REPLACE keeps the view's grants across publishes.
create or replace view public.customer_360 as
select
  b.customer_id,
  b.first_name,
  b.last_name,
  b.email,
  b.phone_number,
  b.date_of_birth,
  extract(year from age(p.as_of_date::timestamp, b.date_of_birth::timestamp))::integer as age,
  b.registration_date,
  (p.as_of_date - b.registration_date)::integer as days_since_registration,
  b.total_purchases,
  b.total_spend::double precision as total_spend,
  b.avg_order_value,
  b.last_purchase_date,
  (p.as_of_date - b.last_purchase_date)::integer as days_since_last_purchase,
  b.favorite_category,
  b.favorite_brand,
  b.customer_service_interactions,
  b.avg_satisfaction_score,
  b.resolved_interactions,
  b.campaigns_engaged,
  b.campaign_conversions,
  b.total_sessions,
  b.avg_pages_per_session,
  b.avg_time_per_session,
  b.last_visit_date,
  b.customer_segment,
  cdp_state.customer_status(p.as_of_date - b.last_purchase_date) as customer_status,
  ((b.total_spend / nullif(p.as_of_date - b.registration_date, 0)) * 30)::double precision as monthly_avg_spend,
  b.campaign_conversion_rate,
  b.service_resolution_rate,
  b.total_touchpoints
from cdp_state.customer_360_base b
-- One row; LIMIT tells the planner so, and it reads it once rather than once per customer.
cross join (select as_of_date from cdp_state.published limit 1) p
