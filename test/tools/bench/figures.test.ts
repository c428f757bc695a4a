import { describe, expect, it } from 'vitest';
import { readMemory } from '../../../tools/bench/child-protocol.js';
import { benchFigures, median } from '../../../tools/bench/figures.js';
import { seedStatements } from '../../../tools/bench/seed-run.js';
import { STAGES } from '../../../core/stages.js';

describe('bench figures', () => {
  it.each([
    [[3], 3],
    [[5, 1, 3], 3],
    [[4, 1, 3, 2], 2.5],
  ])('median of %j is %d', (values, expected) => {
    expect(median(values)).toBe(expected);
  });

  it('medians per step, the ratio per pair with min and max, customers per second', () => {
    const run = (total: number, publish: number, cpu?: number) => ({ asOfDate: '2026-01-01', steps: { publish }, totalMs: total, ...(cpu ? { cpuSeconds: cpu } : {}) });
    const figures = benchFigures(1000, ['prepare', 'publish'], [
      { seed: run(10_000, 4000, 12), pipeline: run(4000, 1000, 6) },
      { seed: run(8000, 2000, 10), pipeline: run(4000, 1000, 4) },
      { seed: run(20_000, 5000, 30), pipeline: run(5000, 2000, 8) },
    ]);
    expect(figures.pairs).toBe(3);
    expect(figures.total.seed).toEqual({ median: 10, min: 8, max: 20 });
    expect(figures.total.pipeline).toEqual({ median: 4, min: 4, max: 5 });
    expect(figures.total.ratio).toEqual({ median: 0.4, min: 0.25, max: 0.5 });
    expect(figures.steps[0]).toEqual({ step: 'prepare', seed: null, pipeline: null, ratio: null, incremental: null, incrementalRatio: null });
    expect(figures.steps[1]!.ratio).toEqual({ median: 0.4, min: 0.25, max: 0.5 });
    expect(figures.serverCpuSeconds).toEqual({ seed: { median: 12, min: 10, max: 30 }, pipeline: { median: 6, min: 4, max: 8 }, incremental: null });
    expect(figures.customersPerSecond).toEqual({ seed: 100, pipeline: 250 });
  });

  it('the incremental side: its medians and its ratio to the seed per pair', () => {
    const run = (total: number) => ({ asOfDate: '2026-01-01', steps: { publish: total / 2 }, totalMs: total });
    const figures = benchFigures(1000, ['publish'], [
      { seed: run(10_000), pipeline: run(4000), incremental: run(500) },
      { seed: run(8000), pipeline: run(4000), incremental: run(800) },
      { seed: run(20_000), pipeline: run(5000), incremental: run(400) },
    ]);
    expect(figures.total.incremental).toEqual({ median: 0.5, min: 0.4, max: 0.8 });
    expect(figures.total.incrementalRatio).toEqual({ median: 0.05, min: 0.02, max: 0.1 });
    expect(figures.steps[0]!.incremental).toEqual({ median: 0.25, min: 0.2, max: 0.4 });
  });
});

describe("the seed's statements", () => {
  it('are the six stages then customer_360, in the seed order', () => {
    expect(seedStatements().map((statement) => statement.step)).toEqual([...STAGES, 'publish']);
  });
});

describe("the functions process's memory", () => {
  it('reads VmHWM and VmRSS from /proc/self/status', () => {
    expect(readMemory('Name:\tnode\nVmHWM:\t  123456 kB\nVmRSS:\t   98765 kB\n')).toEqual({ type: 'memory', peakRssKb: 123456, rssKb: 98765 });
  });
});
