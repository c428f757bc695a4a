-- A prepare that reads the change log and, for an incremental run, the sources: all in one snapshot.
set transaction isolation level repeatable read
