-- A full run's published rows replace the state's, inside publish's transaction (search_path:
-- the run's schema first). The old ones stay until customer_360 reads the new ones
-- (customer_360_view.sql), then drop_replaced_base.sql removes them. The primary key is built
-- once, after the load; the key gate has already refused a NULL or repeated id.
alter table customer_360_base add primary key (customer_id);
alter table summary_counts add unique nulls not distinct (customer_segment, last_purchase_date);

-- Readers lock customer_360, then the tables it reads; the swap takes its locks in the same
-- order (LOCK on a view locks the tables under it too), or a reader and the swap could each
-- hold what the other waits for. Readers arriving now queue behind it and then read the new rows.
do $$
begin
  if to_regclass('public.customer_360') is not null then
    lock table public.customer_360 in access exclusive mode;
  end if;
end
$$;


alter table if exists cdp_state.customer_360_base rename to customer_360_base_replaced;
alter index if exists cdp_state.customer_360_base_pkey rename to customer_360_base_replaced_pkey;
alter table customer_360_base set schema cdp_state;
drop table if exists cdp_state.summary_counts;
alter table summary_counts set schema cdp_state;

-- customer_360 was a table before it was a view over the state: the first publish of this
-- version removes it so that the view can take its name.
do $$
begin
  if exists (select from pg_class where oid = to_regclass('public.customer_360') and relkind = 'r') then
    drop table public.customer_360;
  end if;
end
$$;
