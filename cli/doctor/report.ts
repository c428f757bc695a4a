/** One line of `cdp doctor`: a check, its outcome, and for a failure the command that fixes it. */
export interface CheckResult {
  readonly name: string;
  readonly status: 'pass' | 'fail' | 'skip';
  readonly detail: string;
  /** The command (or the one step) that fixes a failure. */
  readonly fix?: string;
}

export const pass = (name: string, detail: string): CheckResult => ({ name, status: 'pass', detail });
export const fail = (name: string, detail: string, fix: string): CheckResult => ({ name, status: 'fail', detail, fix });
export const skip = (name: string, detail: string): CheckResult => ({ name, status: 'skip', detail });

/** `PASS  workflow  ...`, `FAIL  scheduler  ...  -> fix: gcloud ...`: one line per check. */
export function formatCheck(result: CheckResult, nameWidth: number): string {
  const line = `${result.status.toUpperCase().padEnd(4)}  ${result.name.padEnd(nameWidth)}  ${result.detail}`;
  return result.fix === undefined ? line : `${line}  -> fix: ${result.fix}`;
}

export function formatReport(results: readonly CheckResult[]): string[] {
  const width = Math.max(...results.map((result) => result.name.length));
  return results.map((result) => formatCheck(result, width));
}

/** The message of whatever a client threw, on one line. */
export function reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.slice(0, 300);
}
