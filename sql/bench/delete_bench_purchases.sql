-- `cdp bench --writers`: the purchases the writer measurement added, and what the capture logged.
delete from purchase_transactions where transaction_id >= 9000000000;
delete from cdp_meta.changes;
