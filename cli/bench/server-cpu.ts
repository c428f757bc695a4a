/**
 * CPU seconds spent by a PostgreSQL server on this machine: user + system time of the postmaster
 * and every process it runs (backends, parallel workers), plus what its children that have
 * already exited used (the postmaster's cutime/cstime). The difference of two readings is the
 * CPU a piece of work cost the server, wherever it ran: in one backend, in several concurrent
 * sessions, or in parallel workers. Unavailable (undefined) for a server on another machine.
 * Everything else the server does meanwhile (other databases' sessions) counts too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Queryable } from '../../core/db/database.js';
import { sql } from '../../core/sql.js';

/** USER_HZ: the unit of /proc times, 100 on every Linux the bench runs on. */
const TICKS_PER_SECOND = 100;

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces and parentheses). */
function statFields(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

// Indexes into statFields: field 4 (ppid) is [1], utime 14 is [11], stime [12], cutime [13], cstime [14].
const PPID = 1;
const UTIME = 11;

export interface ServerCpu {
  /** CPU seconds used by the server so far. */
  read(): number;
}

/** Finds the postmaster through a server process the server names itself (its checkpointer). */
export async function serverCpu(db: Queryable): Promise<ServerCpu | undefined> {
  const { rows } = await db.query<{ pid: number }>(sql('bench/checkpointer_pid').text);
  const fields = rows[0] ? statFields(rows[0].pid) : undefined;
  if (!fields) return undefined;
  const postmaster = Number(fields[PPID]);
  const own = statFields(postmaster);
  if (!own) return undefined;
  return {
    read() {
      let ticks = 0;
      const main = statFields(postmaster) ?? [];
      for (let i = UTIME; i < UTIME + 4; i++) ticks += Number(main[i] ?? 0);
      for (const entry of readdirSync('/proc')) {
        if (!/^\d+$/.test(entry)) continue;
        const child = statFields(Number(entry));
        if (child && Number(child[PPID]) === postmaster) ticks += Number(child[UTIME]) + Number(child[UTIME + 1]);
      }
      return ticks / TICKS_PER_SECOND;
    },
  };
}
