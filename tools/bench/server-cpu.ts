/**
 * CPU seconds a PostgreSQL server on this machine spends for one database: user + system time
 * of the backends connected to it and of their parallel workers, sampled from /proc while the
 * work runs (a process that lives less than one sampling interval is missed). Other databases'
 * sessions on the same server are not counted, so the figure holds on a shared machine.
 * Unavailable (undefined) for a server on another machine.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Queryable } from '../../core/db/database.js';
import { sql } from '../../core/sql.js';

/** USER_HZ: the unit of /proc times, 100 on every Linux the bench runs on. */
const TICKS_PER_SECOND = 100;
const SAMPLE_EVERY_MS = 50;

// Indexes into statFields: field 4 (ppid) is [1], utime (14) is [11], stime (15) is [12].
const PPID = 1;
const UTIME = 11;
const STIME = 12;

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces and parentheses). */
function statFields(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

export interface CpuMeter {
  /**
   * Stops sampling and answers the CPU seconds the database's processes used since the meter
   * started; a second call answers the same figure.
   */
  stop(): number;
}

export interface ServerCpu {
  start(): CpuMeter;
}

/** Finds the postmaster through a server process the server names itself (its checkpointer). */
export async function serverCpu(db: Queryable, database: string): Promise<ServerCpu | undefined> {
  const { rows } = await db.query<{ pid: number }>(sql('bench/checkpointer_pid').text);
  const fields = rows[0] ? statFields(rows[0].pid) : undefined;
  if (!fields) return undefined;
  const postmaster = Number(fields[PPID]);
  // A backend's title is "postgres: <cluster>: <user> <database> <host> <state>"; a parallel
  // worker's is "... parallel worker for PID <leader>".
  const ours = new RegExp(`^postgres: .*? \\S+ ${database} `);
  return {
    start() {
      const baseline = new Map<number, number>();
      const latest = new Map<number, number>();
      const known = new Set<number>();
      const sample = (first: boolean) => {
        // Parallel workers, as [pid, ticks, leader pid]: counted once their leader is known.
        const workers: Array<[number, number, number]> = [];
        for (const entry of readdirSync('/proc')) {
          if (!/^\d+$/.test(entry)) continue;
          const pid = Number(entry);
          const stat = statFields(pid);
          if (!stat || Number(stat[PPID]) !== postmaster) continue;
          const ticks = Number(stat[UTIME]) + Number(stat[STIME]);
          // Only a yes is remembered: a backend still starting up has not yet set the title
          // that names its database, so a no is asked again at the next sample.
          if (!known.has(pid)) {
            const title = cmdline(pid);
            const worker = / parallel worker for PID (\d+)/.exec(title);
            if (worker) {
              workers.push([pid, ticks, Number(worker[1])]);
              continue;
            }
            if (!ours.test(title)) continue;
            known.add(pid);
          }
          if (first) baseline.set(pid, ticks);
          latest.set(pid, ticks);
        }
        for (const [pid, ticks, leader] of workers) {
          if (!known.has(leader)) continue;
          known.add(pid);
          if (first) baseline.set(pid, ticks);
          latest.set(pid, ticks);
        }
      };
      sample(true);
      const timer = setInterval(() => sample(false), SAMPLE_EVERY_MS);
      let seconds: number | undefined;
      return {
        // Idempotent: callers stop in a finally as well as where they read the figure.
        stop() {
          if (seconds !== undefined) return seconds;
          clearInterval(timer);
          sample(false);
          let ticks = 0;
          for (const [pid, value] of latest) ticks += value - (baseline.get(pid) ?? 0);
          seconds = ticks / TICKS_PER_SECOND;
          return seconds;
        },
      };
    },
  };
}
