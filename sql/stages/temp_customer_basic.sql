-- Seed 1.1: basic customer information.
-- Departure: age and days_since_registration depend on the as-of date, so customer_360 derives
-- them when it is read (sql/publish/customer_360_view.sql); this table holds what does not
-- change from one day to the next, and stays right in the persistent state (docs/incremental.md).
create unlogged table temp_customer_basic as
select
  ci.customer_id,
  ci.first_name,
  ci.last_name,
  ci.email,
  ci.phone_number,
  ci.date_of_birth,
  ci.registration_date
from customer_info ci
order by ci.customer_id
