-- Whether this database holds the ledger (a database no run has touched does not).
select to_regclass('cdp_meta.runs') is not null and to_regclass('cdp_meta.stage_runs') is not null as present
