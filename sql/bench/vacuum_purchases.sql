-- `cdp bench --writers`: after its purchases are deleted, so that the next turn starts as the first.
vacuum purchase_transactions
