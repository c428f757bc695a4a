/** What a command may touch of the outside world; tests hand in their own. */
export interface CliIo {
  /** One line of the command's output (stdout). */
  out(line: string): void;
  /** One line of diagnostics (stderr). */
  err(line: string): void;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
};

/** Collects lines in memory (tests, and commands that call other commands). */
export function memoryIo(env: Readonly<Record<string, string | undefined>> = {}): CliIo & { readonly stdout: string[]; readonly stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, env, out: (line) => stdout.push(line), err: (line) => stderr.push(line) };
}
