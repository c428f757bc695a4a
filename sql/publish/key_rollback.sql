-- The primary key could not be built: back to sql/publish/key_savepoint.sql, the table unkeyed.
rollback to savepoint primary_key
