-- `cdp verify`: the published state and rows against a full rebuild made in the verifying
-- transaction's own schema (search_path: that schema first), both without the customers whose
-- changes are still in the change log (pending: changed_customers, as a run would take them):
-- those are not published yet, by design. One row: the data-quality ledger's rows only one side
-- has; customer_360's customers only one side has and, per column, the customers whose value
-- differs (customer_360's other columns derive from these and the published as-of date).
with pending as (
  select customer_id from changed_customers
), published_rows as (
  select * from cdp_state.customer_360_base b
  where not exists (select from pending p where p.customer_id = b.customer_id)
), rebuilt_rows as (
  select * from customer_360_base b
  where not exists (select from pending p where p.customer_id = b.customer_id)
), paired as (
  select p.customer_id as published_id, r.customer_id as rebuilt_id,
    p.first_name is distinct from r.first_name as first_name_differs,
    p.last_name is distinct from r.last_name as last_name_differs,
    p.email is distinct from r.email as email_differs,
    p.phone_number is distinct from r.phone_number as phone_number_differs,
    p.date_of_birth is distinct from r.date_of_birth as date_of_birth_differs,
    p.registration_date is distinct from r.registration_date as registration_date_differs,
    p.total_purchases is distinct from r.total_purchases as total_purchases_differs,
    p.total_spend is distinct from r.total_spend as total_spend_differs,
    p.avg_order_value is distinct from r.avg_order_value as avg_order_value_differs,
    p.last_purchase_date is distinct from r.last_purchase_date as last_purchase_date_differs,
    p.favorite_category is distinct from r.favorite_category as favorite_category_differs,
    p.favorite_brand is distinct from r.favorite_brand as favorite_brand_differs,
    p.customer_service_interactions is distinct from r.customer_service_interactions as customer_service_interactions_differs,
    p.avg_satisfaction_score is distinct from r.avg_satisfaction_score as avg_satisfaction_score_differs,
    p.resolved_interactions is distinct from r.resolved_interactions as resolved_interactions_differs,
    p.campaigns_engaged is distinct from r.campaigns_engaged as campaigns_engaged_differs,
    p.campaign_conversions is distinct from r.campaign_conversions as campaign_conversions_differs,
    p.total_sessions is distinct from r.total_sessions as total_sessions_differs,
    p.avg_pages_per_session is distinct from r.avg_pages_per_session as avg_pages_per_session_differs,
    p.avg_time_per_session is distinct from r.avg_time_per_session as avg_time_per_session_differs,
    p.last_visit_date is distinct from r.last_visit_date as last_visit_date_differs,
    p.customer_segment is distinct from r.customer_segment as customer_segment_differs,
    p.campaign_conversion_rate is distinct from r.campaign_conversion_rate as campaign_conversion_rate_differs,
    p.service_resolution_rate is distinct from r.service_resolution_rate as service_resolution_rate_differs,
    p.total_touchpoints is distinct from r.total_touchpoints as total_touchpoints_differs
  from published_rows p
  full join rebuilt_rows r on r.customer_id = p.customer_id
)
select
  -- The data-quality ledger: rows only in the published one, and only in the rebuild's.
  (select count(*) from (
    select * from cdp_state.customer_dirt d where not exists (select from pending p where p.customer_id is not distinct from d.customer_id)
    except all
    select * from customer_dirt d where not exists (select from pending p where p.customer_id is not distinct from d.customer_id)) x
  )::integer as dirt_only_published,
  (select count(*) from (
    select * from customer_dirt d where not exists (select from pending p where p.customer_id is not distinct from d.customer_id)
    except all
    select * from cdp_state.customer_dirt d where not exists (select from pending p where p.customer_id is not distinct from d.customer_id)) x
  )::integer as dirt_only_rebuilt,
  (select count(*) from paired where rebuilt_id is null)::integer as only_published,
  (select count(*) from paired where published_id is null)::integer as only_rebuilt,
  (select count(*) from paired where published_id is not null and rebuilt_id is not null)::integer as compared,
  (select jsonb_build_object(
    'first_name', count(*) filter (where first_name_differs),
    'last_name', count(*) filter (where last_name_differs),
    'email', count(*) filter (where email_differs),
    'phone_number', count(*) filter (where phone_number_differs),
    'date_of_birth', count(*) filter (where date_of_birth_differs),
    'registration_date', count(*) filter (where registration_date_differs),
    'total_purchases', count(*) filter (where total_purchases_differs),
    'total_spend', count(*) filter (where total_spend_differs),
    'avg_order_value', count(*) filter (where avg_order_value_differs),
    'last_purchase_date', count(*) filter (where last_purchase_date_differs),
    'favorite_category', count(*) filter (where favorite_category_differs),
    'favorite_brand', count(*) filter (where favorite_brand_differs),
    'customer_service_interactions', count(*) filter (where customer_service_interactions_differs),
    'avg_satisfaction_score', count(*) filter (where avg_satisfaction_score_differs),
    'resolved_interactions', count(*) filter (where resolved_interactions_differs),
    'campaigns_engaged', count(*) filter (where campaigns_engaged_differs),
    'campaign_conversions', count(*) filter (where campaign_conversions_differs),
    'total_sessions', count(*) filter (where total_sessions_differs),
    'avg_pages_per_session', count(*) filter (where avg_pages_per_session_differs),
    'avg_time_per_session', count(*) filter (where avg_time_per_session_differs),
    'last_visit_date', count(*) filter (where last_visit_date_differs),
    'customer_segment', count(*) filter (where customer_segment_differs),
    'campaign_conversion_rate', count(*) filter (where campaign_conversion_rate_differs),
    'service_resolution_rate', count(*) filter (where service_resolution_rate_differs),
    'total_touchpoints', count(*) filter (where total_touchpoints_differs)
  ) from paired where published_id is not null and rebuilt_id is not null) as columns,
  (select count(*) from pending)::integer as pending
