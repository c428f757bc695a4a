/**
 * What the bench and its functions process (functions-child.ts) say to each other over the IPC
 * channel, and how the child measures its memory.
 *
 *   child -> parent  { type: 'ready', env }   the workflow's URL_* environment for the served functions
 *   parent -> child  { type: 'memory' }       the child answers { type: 'memory', peakRssKb, rssKb }
 *   parent -> child  { type: 'stop' }         the child closes its servers and pool, and exits
 */
import { readFileSync } from 'node:fs';

export interface ChildMemory {
  readonly type: 'memory';
  /** VmHWM: the process's peak resident set size since it started. */
  readonly peakRssKb: number;
  /** VmRSS: its resident set size now. */
  readonly rssKb: number;
}

export type ChildMessage = { readonly type: 'ready'; readonly env: Readonly<Record<string, string>> } | ChildMemory;

export type ParentMessage = { readonly type: 'memory' } | { readonly type: 'stop' };

/** VmHWM and VmRSS from /proc/self/status (Linux); elsewhere Node's own RSS for both. */
export function readMemory(status?: string): ChildMemory {
  let text = status;
  if (text === undefined) {
    try {
      text = readFileSync('/proc/self/status', 'utf8');
    } catch {
      const rss = Math.round(process.memoryUsage().rss / 1024);
      return { type: 'memory', peakRssKb: rss, rssKb: rss };
    }
  }
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
  return { type: 'memory', peakRssKb: field('VmHWM'), rssKb: field('VmRSS') };
}
