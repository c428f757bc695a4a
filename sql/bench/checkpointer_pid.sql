-- The server's checkpointer process: its parent is the postmaster (for server-cpu.ts).
select pid from pg_stat_activity where backend_type = 'checkpointer'
