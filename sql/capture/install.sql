-- Change capture (docs/incremental.md): every insert, update and delete on the six source tables
-- records the customers it touched in cdp_meta.changes, in the writer's own transaction, so a
-- change is recorded exactly when it commits, whatever its dates say. Statement-level AFTER
-- triggers with transition tables: one row of the log per statement, however many rows it
-- wrote. A product_catalog change records the products whose category or brand changed (prepare
-- turns them into the customers who bought them); a TRUNCATE records that only a full run can
-- follow it. The triggers fire ALWAYS, so changes applied by logical replication
-- (session_replication_role = replica) are recorded too. The functions are SECURITY DEFINER:
-- writers need no privilege on cdp_meta. Idempotent; run by `cdp capture install`.

create or replace function cdp_meta.capture_customer_rows() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
  if tg_op = 'INSERT' then
    insert into cdp_meta.changes (source, customer_ids)
    select tg_table_name, array_agg(distinct customer_id) from new_rows having count(*) > 0;
  elsif tg_op = 'DELETE' then
    insert into cdp_meta.changes (source, customer_ids)
    select tg_table_name, array_agg(distinct customer_id) from old_rows having count(*) > 0;
  else
    -- Both sides: a row moved to another customer changes both customers.
    insert into cdp_meta.changes (source, customer_ids)
    select tg_table_name, array_agg(distinct customer_id)
    from (select customer_id from old_rows union all select customer_id from new_rows) touched
    having count(*) > 0;
  end if;
  return null;
end
$$;

create or replace function cdp_meta.capture_catalog_rows() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
  if tg_op = 'INSERT' then
    insert into cdp_meta.changes (source, product_ids)
    select tg_table_name, array_agg(distinct product_id) from new_rows having count(*) > 0;
  elsif tg_op = 'DELETE' then
    insert into cdp_meta.changes (source, product_ids)
    select tg_table_name, array_agg(distinct product_id) from old_rows having count(*) > 0;
  else
    -- Only products whose (category, brand) changed: a new price changes no favourite.
    insert into cdp_meta.changes (source, product_ids)
    select tg_table_name, array_agg(distinct product_id)
    from (
      (select product_id, category, brand from new_rows except all select product_id, category, brand from old_rows)
      union all
      (select product_id, category, brand from old_rows except all select product_id, category, brand from new_rows)
    ) changed
    having count(*) > 0;
  end if;
  return null;
end
$$;

create or replace function cdp_meta.capture_truncate() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
  insert into cdp_meta.changes (source, full_reason)
  values (tg_table_name, format('%s was truncated', tg_table_name));
  return null;
end
$$;

drop trigger if exists cdp_capture_insert on public.customer_info;
drop trigger if exists cdp_capture_update on public.customer_info;
drop trigger if exists cdp_capture_delete on public.customer_info;
drop trigger if exists cdp_capture_truncate on public.customer_info;
create trigger cdp_capture_insert after insert on public.customer_info
  referencing new table as new_rows for each statement execute function cdp_meta.capture_customer_rows();
create trigger cdp_capture_update after update on public.customer_info
  referencing old table as old_rows new table as new_rows for each statement execute function cdp_meta.capture_customer_rows();
create trigger cdp_capture_delete after delete on public.customer_info
  referencing old table as old_rows for each statement execute function cdp_meta.capture_customer_rows();
create trigger cdp_capture_truncate after truncate on public.customer_info
  for each statement execute function cdp_meta.capture_truncate();
alter table public.customer_info enable always trigger cdp_capture_insert;
alter table public.customer_info enable always trigger cdp_capture_update;
alter table public.customer_info enable always trigger cdp_capture_delete;
alter table public.customer_info enable always trigger cdp_capture_truncate;

drop trigger if exists cdp_capture_insert on public.purchase_transactions;
drop trigger if exists cdp_capture_update on public.purchase_transactions;
drop trigger if exists cdp_capture_delete on public.purchase_transactions;
drop trigger if exists cdp_capture_truncate on public.purchase_transactions;
create trigger cdp_capture_insert after insert on public.purchase_transactions
  referencing new table as new_rows for each statement execute function cdp_meta.capture_customer_rows();
create trigger cdp_capture_update after update on public.purchase_transactions
  referencing old table as old_rows new table as new_rows for each statement execute function cdp_meta.capture_customer_rows();
create trigger cdp_capture_delete after delete on public.purchase_transactions
  referencing old table as old_rows for each statement execute function cdp_meta.capture_customer_rows();
create trigger cdp_capture_truncate after truncate on public.purchase_transactions
  for each statement execute function cdp_meta.capture_truncate();
alter table public.purchase_transactions enable always trigger cdp_capture_insert;
alter table public.purchase_transactions enable always trigger cdp_capture_update;
alter table public.purchase_transactions enable always trigger cdp_capture_delete;
alter table public.purchase_transactions enable always trigger cdp_capture_truncate;

drop trigger if exists cdp_capture_insert on public.customer_service;
drop trigger if exists cdp_capture_update on public.customer_service;
drop trigger if exists cdp_capture_delete on public.customer_service;
drop trigger if exists cdp_capture_truncate on public.customer_service;
create trigger cdp_capture_insert after insert on public.customer_service
  referencing new table as new_rows for each statement execute function cdp_meta.capture_customer_rows();
create trigger cdp_capture_update after update on public.customer_service
  referencing old table as old_rows new table as new_rows for each statement execute function cdp_meta.capture_customer_rows();
create trigger cdp_capture_delete after delete on public.customer_service
  referencing old table as old_rows for each statement execute function cdp_meta.capture_customer_rows();
create trigger cdp_capture_truncate after truncate on public.customer_service
  for each statement execute function cdp_meta.capture_truncate();
alter table public.customer_service enable always trigger cdp_capture_insert;
alter table public.customer_service enable always trigger cdp_capture_update;
alter table public.customer_service enable always trigger cdp_capture_delete;
alter table public.customer_service enable always trigger cdp_capture_truncate;

drop trigger if exists cdp_capture_insert on public.campaign_responses;
drop trigger if exists cdp_capture_update on public.campaign_responses;
drop trigger if exists cdp_capture_delete on public.campaign_responses;
drop trigger if exists cdp_capture_truncate on public.campaign_responses;
create trigger cdp_capture_insert after insert on public.campaign_responses
  referencing new table as new_rows for each statement execute function cdp_meta.capture_customer_rows();
create trigger cdp_capture_update after update on public.campaign_responses
  referencing old table as old_rows new table as new_rows for each statement execute function cdp_meta.capture_customer_rows();
create trigger cdp_capture_delete after delete on public.campaign_responses
  referencing old table as old_rows for each statement execute function cdp_meta.capture_customer_rows();
create trigger cdp_capture_truncate after truncate on public.campaign_responses
  for each statement execute function cdp_meta.capture_truncate();
alter table public.campaign_responses enable always trigger cdp_capture_insert;
alter table public.campaign_responses enable always trigger cdp_capture_update;
alter table public.campaign_responses enable always trigger cdp_capture_delete;
alter table public.campaign_responses enable always trigger cdp_capture_truncate;

drop trigger if exists cdp_capture_insert on public.website_behavior;
drop trigger if exists cdp_capture_update on public.website_behavior;
drop trigger if exists cdp_capture_delete on public.website_behavior;
drop trigger if exists cdp_capture_truncate on public.website_behavior;
create trigger cdp_capture_insert after insert on public.website_behavior
  referencing new table as new_rows for each statement execute function cdp_meta.capture_customer_rows();
create trigger cdp_capture_update after update on public.website_behavior
  referencing old table as old_rows new table as new_rows for each statement execute function cdp_meta.capture_customer_rows();
create trigger cdp_capture_delete after delete on public.website_behavior
  referencing old table as old_rows for each statement execute function cdp_meta.capture_customer_rows();
create trigger cdp_capture_truncate after truncate on public.website_behavior
  for each statement execute function cdp_meta.capture_truncate();
alter table public.website_behavior enable always trigger cdp_capture_insert;
alter table public.website_behavior enable always trigger cdp_capture_update;
alter table public.website_behavior enable always trigger cdp_capture_delete;
alter table public.website_behavior enable always trigger cdp_capture_truncate;

drop trigger if exists cdp_capture_insert on public.product_catalog;
drop trigger if exists cdp_capture_update on public.product_catalog;
drop trigger if exists cdp_capture_delete on public.product_catalog;
drop trigger if exists cdp_capture_truncate on public.product_catalog;
create trigger cdp_capture_insert after insert on public.product_catalog
  referencing new table as new_rows for each statement execute function cdp_meta.capture_catalog_rows();
create trigger cdp_capture_update after update on public.product_catalog
  referencing old table as old_rows new table as new_rows for each statement execute function cdp_meta.capture_catalog_rows();
create trigger cdp_capture_delete after delete on public.product_catalog
  referencing old table as old_rows for each statement execute function cdp_meta.capture_catalog_rows();
create trigger cdp_capture_truncate after truncate on public.product_catalog
  for each statement execute function cdp_meta.capture_truncate();
alter table public.product_catalog enable always trigger cdp_capture_insert;
alter table public.product_catalog enable always trigger cdp_capture_update;
alter table public.product_catalog enable always trigger cdp_capture_delete;
alter table public.product_catalog enable always trigger cdp_capture_truncate;
