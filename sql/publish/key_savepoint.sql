-- Before the primary key is built: a duplicate or null id fails the build, and rolling back to
-- here keeps the transaction, so that the gates can count and report them.
savepoint primary_key
