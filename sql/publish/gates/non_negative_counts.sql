-- Gate: no count below zero. Offending: rows with any negative count.
select count(*)::integer as offending
from customer_360
where total_purchases < 0
   or customer_service_interactions < 0
   or resolved_interactions < 0
   or campaigns_engaged < 0
   or campaign_conversions < 0
   or total_sessions < 0
   or total_touchpoints < 0
