/**
 * The bench's figures, computed from the timed pairs: pure functions, so the report and the JSON
 * say the same thing and tests can check the arithmetic without a database.
 */
import type { TimedRun } from './seed-run.js';

export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export interface StepFigures {
  readonly step: string;
  /** Seconds; null where that side has no such step (the seed has no prepare). */
  readonly seed: Spread | null;
  readonly pipeline: Spread | null;
  /** pipeline / seed per pair, where both sides have the step. */
  readonly ratio: Spread | null;
  /** The incremental run after each pair's changes, and incremental / seed per pair (null without one). */
  readonly incremental: Spread | null;
  readonly incrementalRatio: Spread | null;
}

export interface BenchFigures {
  readonly pairs: number;
  readonly steps: readonly StepFigures[];
  readonly total: StepFigures;
  /** Server CPU seconds per run (null when the server is not on this machine). */
  readonly serverCpuSeconds: { readonly seed: Spread | null; readonly pipeline: Spread | null; readonly incremental: Spread | null };
  /** Customers over the median total wall time. */
  readonly customersPerSecond: { readonly seed: number; readonly pipeline: number };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Milliseconds are the precision of the timings: no more digits than that. */
const round3 = (value: number) => Math.round(value * 1000) / 1000;

export function spread(values: readonly number[]): Spread | null {
  if (values.length === 0) return null;
  return { median: round3(median(values)), min: round3(Math.min(...values)), max: round3(Math.max(...values)) };
}

export interface Pair {
  readonly seed: TimedRun;
  readonly pipeline: TimedRun;
  /** The incremental run over the changes made after the full run (`--changed-percent`). */
  readonly incremental?: TimedRun;
}

function stepFigures(step: string, pairs: readonly Pair[], ms: (run: TimedRun) => number | undefined): StepFigures {
  const seconds = (run: TimedRun) => {
    const value = ms(run);
    return value === undefined ? undefined : value / 1000;
  };
  const side = (run: (pair: Pair) => TimedRun | undefined) =>
    pairs.map((pair) => { const r = run(pair); return r && seconds(r); }).filter((v): v is number => v !== undefined);
  const ratios = (run: (pair: Pair) => TimedRun | undefined) => pairs.flatMap((pair) => {
    const a = seconds(pair.seed);
    const r = run(pair);
    const b = r && seconds(r);
    return a !== undefined && b !== undefined && a > 0 ? [b / a] : [];
  });
  return {
    step,
    seed: spread(side((pair) => pair.seed)),
    pipeline: spread(side((pair) => pair.pipeline)),
    ratio: spread(ratios((pair) => pair.pipeline)),
    incremental: spread(side((pair) => pair.incremental)),
    incrementalRatio: spread(ratios((pair) => pair.incremental)),
  };
}

/** `stepOrder`: the rows of the table, e.g. prepare, the six stages, publish. */
export function benchFigures(customers: number, stepOrder: readonly string[], pairs: readonly Pair[]): BenchFigures {
  const total = stepFigures('total', pairs, (run) => run.totalMs);
  const cpu = (side: 'seed' | 'pipeline' | 'incremental') =>
    spread(pairs.map((pair) => pair[side]?.cpuSeconds).filter((v): v is number => v !== undefined));
  const perSecond = (figures: Spread | null) => (figures && figures.median > 0 ? Math.round(customers / figures.median) : 0);
  return {
    pairs: pairs.length,
    steps: stepOrder.map((step) => stepFigures(step, pairs, (run) => run.steps[step])),
    total,
    serverCpuSeconds: { seed: cpu('seed'), pipeline: cpu('pipeline'), incremental: cpu('incremental') },
    customersPerSecond: { seed: perSecond(total.seed), pipeline: perSecond(total.pipeline) },
  };
}
