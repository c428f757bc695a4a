-- $1 run id, $2 the run's data-quality report (sql/quality/report.sql) as JSON text.
update cdp_meta.runs set quality = $2::jsonb where run_id = $1
