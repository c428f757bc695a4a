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
    expect(figures.steps[0]).toEqual({ step: 'prepare', seed: null, pipeline: null, ratio: null });
    expect(figures.steps[1]!.ratio).toEqual({ median: 0.4, min: 0.25, max: 0.5 });
    expect(figures.serverCpuSeconds).toEqual({ seed: { median: 12, min: 10, max: 30 }, pipeline: { median: 6, min: 4, max: 8 } });
    expect(figures.customersPerSecond).toEqual({ seed: 100, pipeline: 250 });
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
