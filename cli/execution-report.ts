/**
 * How an execution of the workflow reads to a person: which steps are worth a line (the function
 * calls), a Workflows error in one line, and the workflow's result as the run summary.
 */
import { z } from 'zod';
import { STAGES } from '../core/stages.js';
import { counts as countsLine, formatTable, seconds, thousands } from './format.js';
import type { WorkflowSummary } from './local-pipeline.js';

/** The YAML's steps that call a function, by the name a person knows them by. */
export const STEP_LABELS: Readonly<Record<string, string>> = {
  prepare: 'prepare',
  ...Object.fromEntries(STAGES.map((stage) => [`post_${stage}`, stage])),
  publish: 'publish',
  abort_publish: 'publish (abort)',
};

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * One line for a Workflows error value (JSON text), as the YAML's `describe_error` does: the
 * function's own message when it sent one, else the error's message, after the HTTP status.
 */
export function describeError(payloadText: string): string {
  const payload = parseJson(payloadText);
  if (!isMap(payload)) return String(payload);
  const body = payload['body'];
  const own = isMap(body) && isMap(body['error']) ? body['error']['message'] : undefined;
  const detail = typeof own === 'string' ? own : typeof payload['message'] === 'string' ? payload['message'] : payloadText;
  return typeof payload['code'] === 'number' ? `HTTP ${payload['code']}: ${detail}` : detail;
}

/** The step a failed execution names: the stage the YAML's raise reports, else where it escaped. */
export function failedStep(payloadText: string, escapedAt: string | undefined): string {
  const payload = parseJson(payloadText);
  const stage = isMap(payload) ? payload['stage'] : undefined;
  return typeof stage === 'string' ? stage : (escapedAt ?? 'unknown');
}

const stepResult = z.object({ runId: z.string(), stage: z.string(), rows: z.number(), durationMs: z.number() });
const counts = z.record(z.string(), z.number());
const summarySchema = z.object({
  runId: z.string(),
  asOfDate: z.string(),
  rows: z.number(),
  segments: counts,
  statuses: counts,
  prepare: stepResult,
  stages: z.record(z.string(), stepResult),
  publish: stepResult.extend({ quality: counts.nullable().optional() }),
});

/** The workflow's result (`summarize` step), or undefined when it is not that shape. */
export function parseSummary(resultText: string): WorkflowSummary | undefined {
  const parsed = summarySchema.safeParse(parseJson(resultText));
  if (!parsed.success || !STAGES.every((stage) => stage in parsed.data.stages)) return undefined;
  return parsed.data;
}

/** The run's summary for a person: rows, time per step, segments and statuses, dirty source rows. */
export function summaryLines(summary: WorkflowSummary, wallMs: number): string[] {
  const steps = [summary.prepare, ...STAGES.map((stage) => summary.stages[stage]!), summary.publish];
  const dirty = Object.entries(summary.publish.quality ?? {}).filter(([, n]) => n > 0);
  return [
    `customer_360 published: ${thousands(summary.rows)} rows, run ${summary.runId} as of ${summary.asOfDate}, ${seconds(wallMs)} s`,
    ...formatTable(['step', 'rows', 'seconds'], steps.map((step) => [step.stage, thousands(step.rows), seconds(step.durationMs)])).map((line) => `  ${line}`),
    `customer_segment: ${countsLine(summary.segments)}`,
    `customer_status:  ${countsLine(summary.statuses)}`,
    dirty.length === 0
      ? 'data quality: no dirty source rows'
      : `data quality (source rows kept or left out as the seed does; see README): ${dirty.map(([kind, n]) => `${kind} ${thousands(n)}`).join(', ')}`,
  ];
}
