-- Sample customers 1..$1, deterministic: every pseudo-random draw is a hash of the row's key
-- and a per-column salt, so the same $1 and $2 always give the same data, on any server.
-- $1 customer count, $2 anchor date (the as-of date the sample is made for).
-- u(key, salt) = (hashint8extended(key, salt) & (2^52 - 1)) / 2^52, uniform in [0, 1).
with draws as (
  select
    id,
    (hashint8extended(id, 101) & 4503599627370495)::float8 / 4503599627370496 as u_first,
    (hashint8extended(id, 102) & 4503599627370495)::float8 / 4503599627370496 as u_last,
    (hashint8extended(id, 103) & 4503599627370495)::float8 / 4503599627370496 as u_birth,
    (hashint8extended(id, 104) & 4503599627370495)::float8 / 4503599627370496 as u_registered
  from generate_series(1, $1::integer) as id
), names as (
  select
    id, u_birth, u_registered,
    (array['Ava', 'Ben', 'Chloe', 'Daniel', 'Emma', 'Felix', 'Grace', 'Hugo', 'Isla', 'Jack',
           'Kai', 'Lena', 'Mia', 'Noah', 'Olivia', 'Priya', 'Quinn', 'Ravi', 'Sofia', 'Theo'])
      [1 + floor(u_first * 20)::integer] as first_name,
    (array['Adams', 'Brown', 'Chen', 'Diaz', 'Evans', 'Fischer', 'Garcia', 'Hughes', 'Ito',
           'Jones', 'Kim', 'Lopez', 'Murphy', 'Nguyen', 'Okafor', 'Patel', 'Rossi', 'Smith',
           'Tanaka', 'Wilson'])
      [1 + floor(u_last * 20)::integer] as last_name
  from draws
)
insert into customer_info
  (customer_id, first_name, last_name, email, phone_number, date_of_birth, registration_date)
select
  id,
  first_name,
  last_name,
  lower(first_name) || '.' || lower(last_name) || '.' || id || '@example.com',
  '+1-555-' || lpad((id % 10000000)::text, 7, '0'),
  -- 3% have no date of birth; the rest are 18 to 80 years old.
  case when u_birth < 0.03 then null
       else $2::date - (6575 + floor((u_birth - 0.03) / 0.97 * 22645))::integer end,
  -- Registered within five years, skewed towards recent; a few on the anchor date itself.
  $2::date - floor(power(u_registered, 1.5) * 1826)::integer
from names
