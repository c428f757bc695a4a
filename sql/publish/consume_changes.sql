-- The change log rows this run consumed (taken by prepare, sql/prepare/consume_changes.sql) are
-- done with once its publish commits; rows written since stay for the next run.
delete from cdp_meta.changes where id in (select id from consumed_changes)
