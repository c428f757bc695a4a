/**
 * Log lines an operator can follow in Cloud Logging: the request's trace, the run and stage as
 * labels, and errors shaped as Error Reporting events (issue 21, item 7).
 */
import { describe, expect, it } from 'vitest';
import { cloudLogEntry, createStdoutLogger, logSettingsFrom } from '../../functions/log.js';
import { traceContext } from '../../functions/trace-context.js';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const NOW = new Date('2026-03-31T06:00:00.000Z');

describe('the trace of a request', () => {
  it.each([
    ['a W3C traceparent, sampled', { traceparent: `00-${TRACE}-00f067aa0ba902b7-01` }, { traceId: TRACE, spanId: '00f067aa0ba902b7', sampled: true }],
    ['a W3C traceparent, not sampled', { traceparent: `00-${TRACE}-00f067aa0ba902b7-00` }, { traceId: TRACE, spanId: '00f067aa0ba902b7', sampled: false }],
    ['X-Cloud-Trace-Context, its span id in decimal', { 'x-cloud-trace-context': `${TRACE}/12345;o=1` }, { traceId: TRACE, spanId: '0000000000003039', sampled: true }],
    ['X-Cloud-Trace-Context without a span', { 'x-cloud-trace-context': TRACE }, { traceId: TRACE, sampled: false }],
    ['traceparent first when both are sent', { traceparent: `00-${TRACE}-00f067aa0ba902b7-01`, 'x-cloud-trace-context': `${'a'.repeat(32)}/1;o=1` }, { traceId: TRACE, spanId: '00f067aa0ba902b7', sampled: true }],
  ])('is read from %s', (_, headers, expected) => {
    expect(traceContext(headers)).toEqual(expected);
  });

  it.each([
    ['no header', {}],
    ['a malformed traceparent', { traceparent: 'garbage' }],
    ['an all-zero trace id', { traceparent: `00-${'0'.repeat(32)}-00f067aa0ba902b7-01` }],
    ['a malformed X-Cloud-Trace-Context', { 'x-cloud-trace-context': 'abc/def' }],
  ])('is absent with %s', (_, headers) => {
    expect(traceContext(headers)).toBeUndefined();
  });
});

describe('a log line', () => {
  const settings = { projectId: 'acme-data', service: 'cdp-prepare', version: 'cdp-prepare-00007-abc' };

  it('names the trace with the project, and labels the run and the stage', () => {
    const entry = cloudLogEntry('INFO', 'prepare started', { runId: 'r1', stage: 'prepare', trace: { traceId: TRACE, spanId: '00f067aa0ba902b7', sampled: true } }, settings, NOW);
    expect(entry).toEqual({
      severity: 'INFO',
      message: 'prepare started',
      runId: 'r1',
      stage: 'prepare',
      time: '2026-03-31T06:00:00.000Z',
      'logging.googleapis.com/labels': { runId: 'r1', stage: 'prepare' },
      'logging.googleapis.com/trace': `projects/acme-data/traces/${TRACE}`,
      'logging.googleapis.com/spanId': '00f067aa0ba902b7',
      'logging.googleapis.com/trace_sampled': true,
    });
  });

  it('leaves the trace out without a project id to name it with', () => {
    const entry = cloudLogEntry('INFO', 'm', { trace: { traceId: TRACE, sampled: true } }, {}, NOW);
    expect(Object.keys(entry).filter((key) => key.includes('trace'))).toEqual([]);
  });

  it('makes an ERROR with a stack trace an Error Reporting event of the service', () => {
    const stack = 'SQL_FAILURE: stage x failed\n    at translateDatabaseError (core/db/translate-error.js:1:1)';
    const entry = cloudLogEntry('ERROR', 'stage x failed', { runId: 'r1', stage: 'temp_x', code: 'SQL_FAILURE', stack_trace: stack }, settings, NOW);
    expect(entry).toMatchObject({
      '@type': 'type.googleapis.com/google.devtools.clouderrorreporting.v1beta1.ReportedErrorEvent',
      serviceContext: { service: 'cdp-prepare', version: 'cdp-prepare-00007-abc' },
      stack_trace: stack,
      code: 'SQL_FAILURE',
    });
  });

  it('a WARNING is no Error Reporting event', () => {
    expect(cloudLogEntry('WARNING', 'refused', { code: 'BAD_INPUT' }, settings, NOW)).not.toHaveProperty('@type');
  });

  it('reads the project from CDP_PROJECT_ID, else GOOGLE_CLOUD_PROJECT, and the service from Cloud Run', () => {
    expect(logSettingsFrom({ CDP_PROJECT_ID: 'a', GOOGLE_CLOUD_PROJECT: 'b', K_SERVICE: 's', K_REVISION: 'v' })).toEqual({ projectId: 'a', service: 's', version: 'v' });
    expect(logSettingsFrom({ GOOGLE_CLOUD_PROJECT: 'b' })).toEqual({ projectId: 'b' });
    expect(logSettingsFrom({})).toEqual({});
  });

  it('is one JSON object per line', () => {
    const written: string[] = [];
    createStdoutLogger(settings, (line) => written.push(line))('INFO', 'hello', { runId: 'r1' });
    expect(written).toHaveLength(1);
    expect(written[0]!.endsWith('\n')).toBe(true);
    expect(JSON.parse(written[0]!)).toMatchObject({ severity: 'INFO', message: 'hello', runId: 'r1' });
  });
});
