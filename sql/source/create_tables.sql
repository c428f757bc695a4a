-- The six operational source tables, with the columns the seed's SQL reads. Primary keys are
-- added by add_primary_keys.sql, after a bulk load, where building them once is cheapest.
-- No foreign keys: production feeds arrive dirty (purchases of unknown customers), and the
-- pipeline must report such rows, not refuse to load them.
create table if not exists customer_info (
  customer_id integer,
  first_name text,
  last_name text,
  email text,
  phone_number text,
  date_of_birth date,
  registration_date date
);

create table if not exists product_catalog (
  product_id integer,
  product_name text,
  category text,
  brand text,
  price numeric(10, 2)
);

create table if not exists purchase_transactions (
  transaction_id bigint,
  customer_id integer,
  product_id integer,
  purchase_date date,
  quantity integer,
  total_amount numeric(12, 2)
);

create table if not exists customer_service (
  interaction_id bigint,
  customer_id integer,
  interaction_date date,
  interaction_type text,
  satisfaction_score integer,
  resolution_status text
);

create table if not exists campaign_responses (
  response_id bigint,
  customer_id integer,
  campaign_id integer,
  response_date date,
  response_type text
);

create table if not exists website_behavior (
  session_id bigint,
  customer_id integer,
  visit_date date,
  pages_viewed integer,
  time_spent integer
);
