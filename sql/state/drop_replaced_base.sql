-- After customer_360_view.sql: the view reads the new customer_360_base, so the old one can go.
drop table if exists cdp_state.customer_360_base_replaced
