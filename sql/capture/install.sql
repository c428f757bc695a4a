-- Change capture (docs/incremental.md): every insert, update and delete on the six source tables
-- records the customers it touched in cdp_meta.changes, in the writer's own transaction, so a
-- change is recorded exactly when it commits, whatever its dates say. Statement-level AFTER
-- triggers with transition tables: one row of the log per statement, however many rows it
-- wrote. A product_catalog change records the products whose category or brand changed (prepare
-- turns them into the customers who bought them); a TRUNCATE records that only a full run can
-- follow it. The functions are SECURITY DEFINER: writers need no privilege on cdp_meta.
-- Idempotent; run by `cdp capture install` as the pipeline's user, which needs only the TRIGGER
-- privilege on the sources (sql/grants.sql).

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

create or replace trigger cdp_capture_insert after insert on public.customer_info
  referencing new table as new_rows for each statement execute function cdp_meta.capture_customer_rows();
create or replace trigger cdp_capture_update after update on public.customer_info
  referencing old table as old_rows new table as new_rows for each statement execute function cdp_meta.capture_customer_rows();
create or replace trigger cdp_capture_delete after delete on public.customer_info
  referencing old table as old_rows for each statement execute function cdp_meta.capture_customer_rows();
create or replace trigger cdp_capture_truncate after truncate on public.customer_info
  for each statement execute function cdp_meta.capture_truncate();

create or replace trigger cdp_capture_insert after insert on public.purchase_transactions
  referencing new table as new_rows for each statement execute function cdp_meta.capture_customer_rows();
create or replace trigger cdp_capture_update after update on public.purchase_transactions
  referencing old table as old_rows new table as new_rows for each statement execute function cdp_meta.capture_customer_rows();
create or replace trigger cdp_capture_delete after delete on public.purchase_transactions
  referencing old table as old_rows for each statement execute function cdp_meta.capture_customer_rows();
create or replace trigger cdp_capture_truncate after truncate on public.purchase_transactions
  for each statement execute function cdp_meta.capture_truncate();

create or replace trigger cdp_capture_insert after insert on public.customer_service
  referencing new table as new_rows for each statement execute function cdp_meta.capture_customer_rows();
create or replace trigger cdp_capture_update after update on public.customer_service
  referencing old table as old_rows new table as new_rows for each statement execute function cdp_meta.capture_customer_rows();
create or replace trigger cdp_capture_delete after delete on public.customer_service
  referencing old table as old_rows for each statement execute function cdp_meta.capture_customer_rows();
create or replace trigger cdp_capture_truncate after truncate on public.customer_service
  for each statement execute function cdp_meta.capture_truncate();

create or replace trigger cdp_capture_insert after insert on public.campaign_responses
  referencing new table as new_rows for each statement execute function cdp_meta.capture_customer_rows();
create or replace trigger cdp_capture_update after update on public.campaign_responses
  referencing old table as old_rows new table as new_rows for each statement execute function cdp_meta.capture_customer_rows();
create or replace trigger cdp_capture_delete after delete on public.campaign_responses
  referencing old table as old_rows for each statement execute function cdp_meta.capture_customer_rows();
create or replace trigger cdp_capture_truncate after truncate on public.campaign_responses
  for each statement execute function cdp_meta.capture_truncate();

create or replace trigger cdp_capture_insert after insert on public.website_behavior
  referencing new table as new_rows for each statement execute function cdp_meta.capture_customer_rows();
create or replace trigger cdp_capture_update after update on public.website_behavior
  referencing old table as old_rows new table as new_rows for each statement execute function cdp_meta.capture_customer_rows();
create or replace trigger cdp_capture_delete after delete on public.website_behavior
  referencing old table as old_rows for each statement execute function cdp_meta.capture_customer_rows();
create or replace trigger cdp_capture_truncate after truncate on public.website_behavior
  for each statement execute function cdp_meta.capture_truncate();

create or replace trigger cdp_capture_insert after insert on public.product_catalog
  referencing new table as new_rows for each statement execute function cdp_meta.capture_catalog_rows();
create or replace trigger cdp_capture_update after update on public.product_catalog
  referencing old table as old_rows new table as new_rows for each statement execute function cdp_meta.capture_catalog_rows();
create or replace trigger cdp_capture_delete after delete on public.product_catalog
  referencing old table as old_rows for each statement execute function cdp_meta.capture_catalog_rows();
create or replace trigger cdp_capture_truncate after truncate on public.product_catalog
  for each statement execute function cdp_meta.capture_truncate();

-- Changes applied by logical replication (session_replication_role = replica) fire only triggers
-- enabled ALWAYS, which only the sources' owner may set: done when this user may, else left to
-- the owner (`cdp capture status` says which, docs/incremental.md says how).
do $$
declare
  source text;
  kind text;
begin
  foreach source in array array['customer_info', 'purchase_transactions', 'product_catalog',
                                'customer_service', 'campaign_responses', 'website_behavior'] loop
    foreach kind in array array['insert', 'update', 'delete', 'truncate'] loop
      execute format('alter table public.%I enable always trigger %I', source, 'cdp_capture_' || kind);
    end loop;
  end loop;
exception when insufficient_privilege then
  null;
end
$$;
