/** Calling one HTTP function's handler directly, with a runtime of the test's own and its log captured. */
import type { Request, Response } from '@google-cloud/functions-framework';
import type { PipelineSettings } from '../../../core/config.js';
import type { Database } from '../../../core/db/database.js';
import type { FunctionName } from '../../../core/stages.js';
import { createHandler } from '../../../functions/handler.js';
import type { LogFields, Logger, Severity } from '../../../functions/log.js';
import { SETTINGS } from './runs.js';

export interface LogLine {
  readonly severity: Severity;
  readonly message: string;
  readonly fields: LogFields;
}

export interface Answer {
  readonly status: number;
  readonly body: Record<string, any>;
}

/** A Logger keeping every line, and the lines as one text (what Cloud Logging would store). */
export function captureLog(): { log: Logger; lines: LogLine[]; text: () => string } {
  const lines: LogLine[] = [];
  const log: Logger = (severity, message, fields = {}) => lines.push({ severity, message, fields });
  return { log, lines, text: () => lines.map((line) => JSON.stringify({ severity: line.severity, message: line.message, ...line.fields })).join('\n') };
}

export function functionCaller(db: Database, log: Logger, settings: PipelineSettings = SETTINGS) {
  const runtime = Promise.resolve({ db, settings, log });
  return async (fn: FunctionName, body: unknown): Promise<Answer> => {
    let answer: Answer = { status: 0, body: {} };
    const res = {
      status(status: number) { answer = { ...answer, status }; return res; },
      json(json: Record<string, any>) { answer = { ...answer, body: json }; return res; },
    };
    const req = { method: 'POST', body, rawBody: Buffer.from(JSON.stringify(body) ?? '') };
    await createHandler(fn, () => runtime)(req as unknown as Request, res as unknown as Response);
    return answer;
  };
}
