-- `cdp bench --changed-percent`: a night's worth of changes to about $1 percent of the customers,
-- across all six sources, as one statement (so each source's capture fires once). $2 varies the
-- draw between pairs; $3 is the as-of date, the day the new activity happens on. For the chosen
-- customers: new purchases and web sessions (all of them), a purchase refunded in part and a
-- session deleted (a fifth each), a service contact and a campaign response added (a third),
-- an email changed (a tenth); and a tenth as many new customers, with a purchase each.
with chosen as (
  select customer_id
  from customer_info
  where (hashint8extended(customer_id::bigint * 1000 + $2::integer, 901) & 4503599627370495)::float8 / 4503599627370496 < $1::float8 / 100
), draw as (
  select customer_id, (hashint8extended(customer_id::bigint * 1000 + $2::integer, 902) & 4503599627370495)::float8 / 4503599627370496 as u
  from chosen
), ids as (
  select
    (select max(transaction_id) from purchase_transactions) as transaction_id,
    (select max(session_id) from website_behavior) as session_id,
    (select max(interaction_id) from customer_service) as interaction_id,
    (select max(response_id) from campaign_responses) as response_id,
    (select max(customer_id) from customer_info) as last_customer_id
), new_customers as (
  insert into customer_info (customer_id, first_name, last_name, email, phone_number, date_of_birth, registration_date)
  select ids.last_customer_id + n, 'New', 'Customer ' || n, 'new' || (ids.last_customer_id + n) || '@example.com', null, date '1990-01-01', $3::date
  from ids, generate_series(1, greatest(1, (select count(*) from chosen) / 10)::integer) as n
  returning customer_id
), new_purchases as (
  insert into purchase_transactions (transaction_id, customer_id, product_id, purchase_date, quantity, total_amount)
  select ids.transaction_id + row_number() over (), buyer, 1 + (buyer % 500), $3::date, 1, 19.99
  from ids, (select customer_id as buyer from chosen union all select customer_id from new_customers) buyers
  returning 1
), refunds as (
  update purchase_transactions pt
  set total_amount = pt.total_amount / 2
  where pt.transaction_id in (
    select (select min(transaction_id) from purchase_transactions p where p.customer_id = d.customer_id)
    from draw d where d.u < 0.2
  )
  returning 1
), new_sessions as (
  insert into website_behavior (session_id, customer_id, visit_date, pages_viewed, time_spent)
  select ids.session_id + row_number() over (), c.customer_id, $3::date, 3, 120
  from ids, chosen c
  returning 1
), deleted_sessions as (
  delete from website_behavior wb
  where wb.session_id in (
    select (select min(session_id) from website_behavior w where w.customer_id = d.customer_id)
    from draw d where d.u >= 0.2 and d.u < 0.4
  )
  returning 1
), new_contacts as (
  insert into customer_service (interaction_id, customer_id, interaction_date, interaction_type, satisfaction_score, resolution_status)
  select ids.interaction_id + row_number() over (), d.customer_id, $3::date, 'Email', 4, 'Resolved'
  from ids, draw d where d.u < 0.33
  returning 1
), new_responses as (
  insert into campaign_responses (response_id, customer_id, campaign_id, response_date, response_type)
  select ids.response_id + row_number() over (), d.customer_id, 1 + (d.customer_id % 40), $3::date, 'Click'
  from ids, draw d where d.u >= 0.33 and d.u < 0.66
  returning 1
), new_emails as (
  update customer_info ci
  set email = 'changed.' || ci.email
  where ci.customer_id in (select customer_id from draw where u >= 0.9)
  returning 1
)
select
  (select count(*) from chosen)::integer as changed_customers,
  (select count(*) from new_customers)::integer as new_customers,
  ((select count(*) from new_purchases) + (select count(*) from refunds) + (select count(*) from new_sessions)
    + (select count(*) from deleted_sessions) + (select count(*) from new_contacts) + (select count(*) from new_responses)
    + (select count(*) from new_emails))::integer as changed_rows
