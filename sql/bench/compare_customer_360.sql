-- cdp bench: the pipeline's public.customer_360 against the seed's cdp_bench_seed.customer_360,
-- row for row, apart from the documented departures (README, "Semantics"):
--   * types: each seed column is cast to the pipeline's type first (REAL -> double precision,
--     INTEGER -> integer), the very conversion the pipeline applies, then compared exactly;
--   * favourite category/brand: where they differ, both picks must be among the customer's
--     most-bought (category, brand) pairs (the seed's ROW_NUMBER picks any of them).
-- One row: the counts of each kind of difference, and per column the rows where it differs.
with seed as (
  select
    customer_id::integer as customer_id, first_name::text as first_name, last_name::text as last_name,
    email::text as email, phone_number::text as phone_number, date_of_birth::date as date_of_birth,
    age::integer as age, registration_date::date as registration_date,
    days_since_registration::integer as days_since_registration,
    total_purchases::integer as total_purchases, total_spend::double precision as total_spend,
    avg_order_value::double precision as avg_order_value, last_purchase_date::date as last_purchase_date,
    days_since_last_purchase::integer as days_since_last_purchase,
    favorite_category::text as favorite_category, favorite_brand::text as favorite_brand,
    customer_service_interactions::integer as customer_service_interactions,
    avg_satisfaction_score::double precision as avg_satisfaction_score,
    resolved_interactions::integer as resolved_interactions, campaigns_engaged::integer as campaigns_engaged,
    campaign_conversions::integer as campaign_conversions, total_sessions::integer as total_sessions,
    avg_pages_per_session::double precision as avg_pages_per_session,
    avg_time_per_session::integer as avg_time_per_session, last_visit_date::date as last_visit_date,
    customer_segment::text as customer_segment, customer_status::text as customer_status,
    monthly_avg_spend::double precision as monthly_avg_spend,
    campaign_conversion_rate::double precision as campaign_conversion_rate,
    service_resolution_rate::double precision as service_resolution_rate,
    total_touchpoints::integer as total_touchpoints
  from cdp_bench_seed.customer_360
), pairs as (
  select s.customer_id as seed_id, p.customer_id as pipeline_id,
    coalesce(s.customer_id, p.customer_id) as customer_id,
    (s.favorite_category, s.favorite_brand) is distinct from (p.favorite_category, p.favorite_brand) as favourite_differs,
    s.favorite_category as seed_category, s.favorite_brand as seed_brand,
    p.favorite_category as pipeline_category, p.favorite_brand as pipeline_brand,
    s.first_name is distinct from p.first_name as first_name,
    s.last_name is distinct from p.last_name as last_name,
    s.email is distinct from p.email as email,
    s.phone_number is distinct from p.phone_number as phone_number,
    s.date_of_birth is distinct from p.date_of_birth as date_of_birth,
    s.age is distinct from p.age as age,
    s.registration_date is distinct from p.registration_date as registration_date,
    s.days_since_registration is distinct from p.days_since_registration as days_since_registration,
    s.total_purchases is distinct from p.total_purchases as total_purchases,
    s.total_spend is distinct from p.total_spend as total_spend,
    s.avg_order_value is distinct from p.avg_order_value as avg_order_value,
    s.last_purchase_date is distinct from p.last_purchase_date as last_purchase_date,
    s.days_since_last_purchase is distinct from p.days_since_last_purchase as days_since_last_purchase,
    s.customer_service_interactions is distinct from p.customer_service_interactions as customer_service_interactions,
    s.avg_satisfaction_score is distinct from p.avg_satisfaction_score as avg_satisfaction_score,
    s.resolved_interactions is distinct from p.resolved_interactions as resolved_interactions,
    s.campaigns_engaged is distinct from p.campaigns_engaged as campaigns_engaged,
    s.campaign_conversions is distinct from p.campaign_conversions as campaign_conversions,
    s.total_sessions is distinct from p.total_sessions as total_sessions,
    s.avg_pages_per_session is distinct from p.avg_pages_per_session as avg_pages_per_session,
    s.avg_time_per_session is distinct from p.avg_time_per_session as avg_time_per_session,
    s.last_visit_date is distinct from p.last_visit_date as last_visit_date,
    s.customer_segment is distinct from p.customer_segment as customer_segment,
    s.customer_status is distinct from p.customer_status as customer_status,
    s.monthly_avg_spend is distinct from p.monthly_avg_spend as monthly_avg_spend,
    s.campaign_conversion_rate is distinct from p.campaign_conversion_rate as campaign_conversion_rate,
    s.service_resolution_rate is distinct from p.service_resolution_rate as service_resolution_rate,
    s.total_touchpoints is distinct from p.total_touchpoints as total_touchpoints
  from seed s
  full join public.customer_360 p on p.customer_id = s.customer_id
), compared as (
  select *,
    seed_id is not null and pipeline_id is not null and (
      first_name or last_name or email or phone_number or date_of_birth or age or registration_date
      or days_since_registration or total_purchases or total_spend or avg_order_value
      or last_purchase_date or days_since_last_purchase or customer_service_interactions
      or avg_satisfaction_score or resolved_interactions or campaigns_engaged or campaign_conversions
      or total_sessions or avg_pages_per_session or avg_time_per_session or last_visit_date
      or customer_segment or customer_status or monthly_avg_spend or campaign_conversion_rate
      or service_resolution_rate or total_touchpoints
    ) as values_differ
  from pairs
), other_favourites as (
  -- Rows equal but for their favourites (rows with other differences are counted as such).
  select customer_id, seed_category, seed_brand, pipeline_category, pipeline_brand
  from compared
  where seed_id is not null and pipeline_id is not null and favourite_differs and not values_differ
), pair_counts as (
  -- How often each of those customers bought each pair, as the seed counts it.
  select pt.customer_id, pc.category, pc.brand, count(*) as purchase_count
  from purchase_transactions pt
  join product_catalog pc on pt.product_id = pc.product_id
  where pt.customer_id in (select customer_id from other_favourites)
  group by pt.customer_id, pc.category, pc.brand
), most_bought as (
  select customer_id, category, brand
  from (
    select *, max(purchase_count) over (partition by customer_id) as top_count from pair_counts
  ) ranked
  where purchase_count = top_count
), ties as (
  select o.customer_id,
    coalesce(bool_or(m.category is not distinct from o.seed_category and m.brand is not distinct from o.seed_brand), false)
    and coalesce(bool_or(m.category is not distinct from o.pipeline_category and m.brand is not distinct from o.pipeline_brand), false)
      as both_most_bought
  from other_favourites o
  left join most_bought m on m.customer_id = o.customer_id
  group by o.customer_id
)
select
  (select count(*) from seed)::integer as seed_rows,
  (select count(*) from public.customer_360)::integer as pipeline_rows,
  count(*) filter (where pipeline_id is null)::integer as only_in_seed,
  count(*) filter (where seed_id is null)::integer as only_in_pipeline,
  count(*) filter (where values_differ)::integer as values_differ,
  (select count(*) from ties where both_most_bought)::integer as tied_favourites,
  (select count(*) from ties where not both_most_bought)::integer as favourites_differ,
  jsonb_strip_nulls(jsonb_build_object(
    'first_name', nullif(count(*) filter (where values_differ and first_name), 0),
    'last_name', nullif(count(*) filter (where values_differ and last_name), 0),
    'email', nullif(count(*) filter (where values_differ and email), 0),
    'phone_number', nullif(count(*) filter (where values_differ and phone_number), 0),
    'date_of_birth', nullif(count(*) filter (where values_differ and date_of_birth), 0),
    'age', nullif(count(*) filter (where values_differ and age), 0),
    'registration_date', nullif(count(*) filter (where values_differ and registration_date), 0),
    'days_since_registration', nullif(count(*) filter (where values_differ and days_since_registration), 0),
    'total_purchases', nullif(count(*) filter (where values_differ and total_purchases), 0),
    'total_spend', nullif(count(*) filter (where values_differ and total_spend), 0),
    'avg_order_value', nullif(count(*) filter (where values_differ and avg_order_value), 0),
    'last_purchase_date', nullif(count(*) filter (where values_differ and last_purchase_date), 0),
    'days_since_last_purchase', nullif(count(*) filter (where values_differ and days_since_last_purchase), 0),
    'customer_service_interactions', nullif(count(*) filter (where values_differ and customer_service_interactions), 0),
    'avg_satisfaction_score', nullif(count(*) filter (where values_differ and avg_satisfaction_score), 0),
    'resolved_interactions', nullif(count(*) filter (where values_differ and resolved_interactions), 0),
    'campaigns_engaged', nullif(count(*) filter (where values_differ and campaigns_engaged), 0),
    'campaign_conversions', nullif(count(*) filter (where values_differ and campaign_conversions), 0),
    'total_sessions', nullif(count(*) filter (where values_differ and total_sessions), 0),
    'avg_pages_per_session', nullif(count(*) filter (where values_differ and avg_pages_per_session), 0),
    'avg_time_per_session', nullif(count(*) filter (where values_differ and avg_time_per_session), 0),
    'last_visit_date', nullif(count(*) filter (where values_differ and last_visit_date), 0),
    'customer_segment', nullif(count(*) filter (where values_differ and customer_segment), 0),
    'customer_status', nullif(count(*) filter (where values_differ and customer_status), 0),
    'monthly_avg_spend', nullif(count(*) filter (where values_differ and monthly_avg_spend), 0),
    'campaign_conversion_rate', nullif(count(*) filter (where values_differ and campaign_conversion_rate), 0),
    'service_resolution_rate', nullif(count(*) filter (where values_differ and service_resolution_rate), 0),
    'total_touchpoints', nullif(count(*) filter (where values_differ and total_touchpoints), 0)
  )) as differing_columns
from compared
