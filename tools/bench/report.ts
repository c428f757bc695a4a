/** The bench's one table, and the same figures as JSON (`--json FILE`). */
import { formatTable, thousands } from '../../cli/format.js';
import type { Comparison } from './compare.js';
import { differingRows } from './compare.js';
import type { ChangeCounts } from './changes.js';
import type { BenchFigures, Spread, StepFigures } from './figures.js';
import type { WriterFigures } from './writers.js';

export interface BenchContext {
  readonly customers: number;
  readonly repeat: number;
  /** Rows of each source table, as loaded. */
  readonly sources: Readonly<Record<string, number>>;
  readonly loadSeconds: number;
  readonly server: string;
  readonly machine: { readonly cpus: number; readonly cpuModel: string; readonly memoryGb: number };
  /** The pipeline's settings (CDP_WORK_MEM, ...) and the server defaults the seed session runs with. */
  readonly settings: { readonly pipelineWorkMem: string; readonly seedWorkMem: string; readonly statementTimeoutMs: number };
  readonly asOfDates: readonly string[];
  /** What `--changed-percent` changed before each incremental run (absent with 0). */
  readonly changes?: { readonly percent: number; readonly perPair: readonly ChangeCounts[] };
}

export interface BenchReport {
  readonly context: BenchContext;
  readonly figures: BenchFigures;
  /** Peak RSS of the functions' process (VmHWM), over the whole bench. */
  readonly functionsPeakMemoryMb: number;
  /** The last comparison made (the first that failed, if one did). */
  readonly comparison: Comparison;
}

const s = (value: number | undefined) => (value === undefined ? '' : value.toFixed(2));
const med = (spread: Spread | null) => s(spread?.median);

function stepRow(figures: StepFigures, incremental: boolean, label = figures.step): string[] {
  const row = [label, med(figures.seed), med(figures.pipeline), med(figures.ratio), s(figures.ratio?.min), s(figures.ratio?.max)];
  if (!incremental) return row;
  return [...row, med(figures.incremental), med(figures.incrementalRatio), s(figures.incrementalRatio?.min), s(figures.incrementalRatio?.max)];
}

export function reportLines(report: BenchReport): string[] {
  const { figures } = report;
  const incremental = figures.total.incremental !== null;
  const blank = incremental ? ['', '', '', ''] : [];
  const rows: string[][] = [
    ...figures.steps.map((step) => stepRow(step, incremental)),
    stepRow(figures.total, incremental, 'total (wall)'),
  ];
  const cpu = figures.serverCpuSeconds;
  if (cpu.seed || cpu.pipeline) {
    const ratio = (side: Spread | null) => (cpu.seed && side && cpu.seed.median > 0 ? s(side.median / cpu.seed.median) : '');
    rows.push(['server CPU s', med(cpu.seed), med(cpu.pipeline), ratio(cpu.pipeline), '', '', ...(incremental ? [med(cpu.incremental), ratio(cpu.incremental), '', ''] : [])]);
  }
  rows.push(['customers/s', thousands(figures.customersPerSecond.seed), thousands(figures.customersPerSecond.pipeline), '', '', '', ...blank]);
  rows.push(["functions' peak MB", '', report.functionsPeakMemoryMb.toFixed(0), '', '', '', ...blank]);
  const header = ['median seconds', 'seed', 'pipeline', 'pipeline/seed', 'min', 'max', ...(incremental ? ['incremental', 'incr/seed', 'min', 'max'] : [])];
  return formatTable(header, rows);
}

export function reportJson(report: BenchReport): object {
  const { context, figures, comparison } = report;
  return {
    customers: context.customers,
    repeat: context.repeat,
    pairs: figures.pairs,
    asOfDates: context.asOfDates,
    sources: context.sources,
    loadSeconds: context.loadSeconds,
    server: context.server,
    machine: context.machine,
    settings: context.settings,
    steps: figures.steps,
    total: figures.total,
    ratio: figures.total.ratio,
    incrementalRatio: figures.total.incrementalRatio,
    changes: context.changes,
    serverCpuSeconds: figures.serverCpuSeconds,
    customersPerSecond: figures.customersPerSecond,
    functionsPeakMemoryMb: Math.round(report.functionsPeakMemoryMb),
    equal: differingRows(comparison) === 0,
    differingRows: differingRows(comparison),
    comparison,
  };
}

/** `cdp bench --writers`: the capture's cost on the source's writers. */
export function writerLines(figures: WriterFigures): string[] {
  const row = (label: string, side: WriterFigures['bulk']) =>
    [label, med(side.without), med(side.with), med(side.ratio), s(side.ratio.min), s(side.ratio.max)];
  return formatTable(['median seconds', 'without capture', 'with capture', 'with/without', 'min', 'max'], [
    row(`${thousands(figures.bulkRows)} purchases, one statement`, figures.bulk),
    row(`${thousands(figures.singleRows)} single-row inserts`, figures.single),
  ]);
}
