-- What the report says about the server: its version, and the work_mem a plain session (the
-- seed's) gets by default.
select current_setting('server_version') as version, current_setting('work_mem') as work_mem
