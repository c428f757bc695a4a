-- Seed 1.1: basic customer information and demographics.
-- $1: the run's as-of date, in place of the seed's CURRENT_DATE.
-- Rows in customer order, the order publish joins in.
create unlogged table temp_customer_basic as
with customers as (
  select * from customer_info
)
select
  customer_id,
  first_name,
  last_name,
  email,
  phone_number,
  date_of_birth,
  registration_date,
  extract(year from age($1::date, date_of_birth))::integer as age,
  $1::date - registration_date as days_since_registration
from customers
order by customer_id
