/**
 * The real `cdp serve` binary: it prints the functions' and the Executions API's addresses,
 * `cdp trigger --endpoint` runs an execution there, and SIGTERM stops it with exit code 0.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { memoryIo } from '../../cli/io.js';
import { FUNCTIONS } from '../../core/stages.js';

function waitFor(lines: string[], pattern: RegExp, child: ReturnType<typeof spawn>, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} in ${ms} ms:\n${lines.join('\n')}`)), ms);
    const check = () => {
      const line = lines.find((l) => pattern.test(l));
      if (line !== undefined) {
        clearTimeout(timer);
        child.stdout?.off('data', check);
        resolve(line);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', () => reject(new Error(`cdp serve exited early:\n${lines.join('\n')}`)));
    check();
  });
}

describe('cdp serve', () => {
  it('serves the functions and the Executions API until SIGTERM', async () => {
    const child = spawn(process.execPath, ['dist/bin/cdp.js', 'serve', '--sample', '100', '--port', '0'], { env: { PATH: process.env.PATH } });
    const lines: string[] = [];
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => lines.push(...chunk.split('\n').filter(Boolean)));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await waitFor(lines, /^serving until SIGINT/, child, 60_000);
      for (const fn of FUNCTIONS) expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^  ${fn} +http://127\\.0\\.0\\.1:\\d+/$`)));
      const url = /^Workflow Executions API: (http:\/\/127\.0\.0\.1:\d+) \(workflow projects\/\*\/locations\/\*\/workflows\/cdp-customer-360\)$/.exec(
        lines.find((line) => line.startsWith('Workflow Executions API')) ?? '',
      )?.[1];
      expect(url).toBeDefined();

      const io = memoryIo({});
      expect(await main(['trigger', '--endpoint', url!, '--run-id', 'served'], io)).toBe(0);
      expect(io.stdout.join('\n')).toMatch(/^customer_360 published: 100 rows, run served as of /m);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(lines.at(-1)).toBe('SIGTERM: stopping (running executions are cancelled)');
    expect(stderr).toBe('');
  });

  it.each([
    [['serve', '--port', '70000'], /^cdp serve: --port must be at most 65535$/],
    [['serve', '--sample', 'lots'], /^cdp serve: --sample must be a whole number$/],
    [['serve', '--host', 'x'], /^cdp serve: unknown flag --host; known flags: --database-url/],
  ])('%j exits 2 with one line', async (argv, message) => {
    const io = memoryIo({});
    expect(await main(argv, io)).toBe(2);
    expect(io.stderr).toEqual([expect.stringMatching(message)]);
  });
});
