-- The seed's SQL, verbatim (shared/seed/000_89edb13b277b2b0a.txt, steps 1.1 to 2), run in one
-- session. The reference the pipeline's customer_360 is checked against, in tests and in `cdp bench`.
-- Not used by the pipeline itself.

CREATE TEMPORARY TABLE temp_customer_basic AS
SELECT
    ci.customer_id,
    ci.first_name,
    ci.last_name,
    ci.email,
    ci.phone_number,
    ci.date_of_birth,
    ci.registration_date,
    EXTRACT(YEAR FROM AGE(CURRENT_DATE, ci.date_of_birth)) AS age,
    CURRENT_DATE - ci.registration_date AS days_since_registration
FROM
    customer_info ci;

CREATE TEMPORARY TABLE temp_purchase_stats AS
SELECT
    pt.customer_id,
    COUNT(DISTINCT pt.transaction_id) AS total_purchases,
    SUM(pt.total_amount) AS total_spend,
    AVG(pt.total_amount) AS avg_order_value,
    MAX(pt.purchase_date) AS last_purchase_date,
    CURRENT_DATE - MAX(pt.purchase_date) AS days_since_last_purchase
FROM
    purchase_transactions pt
GROUP BY
    pt.customer_id;

CREATE TEMPORARY TABLE temp_product_preferences AS
WITH product_counts AS (
    SELECT
        pt.customer_id,
        pc.category,
        pc.brand,
        COUNT(*) AS purchase_count,
        ROW_NUMBER() OVER (PARTITION BY pt.customer_id ORDER BY COUNT(*) DESC) AS rank
    FROM
        purchase_transactions pt
    JOIN
        product_catalog pc ON pt.product_id = pc.product_id
    GROUP BY
        pt.customer_id, pc.category, pc.brand
)
SELECT
    customer_id,
    MAX(CASE WHEN rank = 1 THEN category END) AS favorite_category,
    MAX(CASE WHEN rank = 1 THEN brand END) AS favorite_brand
FROM
    product_counts
GROUP BY
    customer_id;

CREATE TEMPORARY TABLE temp_customer_service_stats AS
SELECT
    customer_id,
    COUNT(*) AS total_interactions,
    AVG(satisfaction_score) AS avg_satisfaction_score,
    SUM(CASE WHEN resolution_status = 'Resolved' THEN 1 ELSE 0 END) AS resolved_interactions
FROM
    customer_service
GROUP BY
    customer_id;

CREATE TEMPORARY TABLE temp_campaign_engagement AS
SELECT
    cr.customer_id,
    COUNT(DISTINCT cr.campaign_id) AS campaigns_engaged,
    SUM(CASE WHEN cr.response_type = 'Conversion' THEN 1 ELSE 0 END) AS campaign_conversions
FROM
    campaign_responses cr
GROUP BY
    cr.customer_id;

CREATE TEMPORARY TABLE temp_website_behavior AS
SELECT
    customer_id,
    COUNT(*) AS total_sessions,
    AVG(pages_viewed) AS avg_pages_per_session,
    AVG(time_spent) AS avg_time_per_session,
    MAX(visit_date) AS last_visit_date
FROM
    website_behavior
GROUP BY
    customer_id;

CREATE TABLE customer_360 AS
SELECT
    cb.customer_id,
    cb.first_name,
    cb.last_name,
    cb.email,
    cb.phone_number,
    cb.date_of_birth,
    cb.age,
    cb.registration_date,
    cb.days_since_registration,
    ps.total_purchases,
    ps.total_spend,
    ps.avg_order_value,
    ps.last_purchase_date,
    ps.days_since_last_purchase,
    pp.favorite_category,
    pp.favorite_brand,
    css.total_interactions AS customer_service_interactions,
    css.avg_satisfaction_score,
    css.resolved_interactions,
    ce.campaigns_engaged,
    ce.campaign_conversions,
    wb.total_sessions,
    wb.avg_pages_per_session,
    wb.avg_time_per_session,
    wb.last_visit_date,
    -- Derived fields
    CASE
        WHEN ps.total_spend > 1000 AND ps.total_purchases > 10 THEN 'High Value'
        WHEN ps.total_spend > 500 OR ps.total_purchases > 5 THEN 'Medium Value'
        ELSE 'Low Value'
    END AS customer_segment,
    CASE
        WHEN ps.days_since_last_purchase <= 30 THEN 'Active'
        WHEN ps.days_since_last_purchase <= 90 THEN 'At Risk'
        ELSE 'Churned'
    END AS customer_status,
    (ps.total_spend / NULLIF(cb.days_since_registration, 0)) * 30 AS monthly_avg_spend,
    (ce.campaign_conversions::FLOAT / NULLIF(ce.campaigns_engaged, 0)) * 100 AS campaign_conversion_rate,
    (css.resolved_interactions::FLOAT / NULLIF(css.total_interactions, 0)) * 100 AS service_resolution_rate,
    COALESCE(wb.total_sessions, 0) + COALESCE(ps.total_purchases, 0) + COALESCE(css.total_interactions, 0) AS total_touchpoints
FROM
    temp_customer_basic cb
LEFT JOIN
    temp_purchase_stats ps ON cb.customer_id = ps.customer_id
LEFT JOIN
    temp_product_preferences pp ON cb.customer_id = pp.customer_id
LEFT JOIN
    temp_customer_service_stats css ON cb.customer_id = css.customer_id
LEFT JOIN
    temp_campaign_engagement ce ON cb.customer_id = ce.customer_id
LEFT JOIN
    temp_website_behavior wb ON cb.customer_id = wb.customer_id;
