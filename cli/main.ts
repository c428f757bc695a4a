/**
 * The `cdp` command line: one entry per command, parsed at the edge; every expected failure is
 * a CdpError printed as one line with its exit code (2: bad flags, config or database; 1: the
 * run failed). Only a bug prints a stack trace.
 */
import { isCdpError } from '../core/errors.js';
import { benchCommand, benchUsage } from '../tools/bench/command.js';
import { captureCommand, captureUsage } from './commands/capture.js';
import { doctorCommand, doctorUsage } from './commands/doctor.js';
import { grantsCommand, grantsUsage } from './commands/grants.js';
import { runCommand, runUsage } from './commands/run.js';
import { serveCommand, serveUsage } from './commands/serve.js';
import { sourcesCommand, sourcesUsage } from './commands/sources.js';
import { statusCommand, statusUsage } from './commands/status.js';
import { triggerCommand, triggerUsage } from './commands/trigger.js';
import { verifyCommand, verifyUsage } from './commands/verify.js';
import { withdrawCommand, withdrawUsage } from './commands/withdraw.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import type { CliIo } from './io.js';

interface Command {
  readonly usage: string;
  readonly summary: string;
  readonly run: (argv: readonly string[], io: CliIo) => Promise<number>;
}

const COMMANDS: Readonly<Record<string, Command>> = {
  run: { usage: runUsage, summary: 'run the pipeline through the workflow and the functions, on this machine', run: runCommand },
  sources: { usage: sourcesUsage, summary: 'create the six source tables the pipeline reads (or print their DDL)', run: sourcesCommand },
  grants: { usage: grantsUsage, summary: "print sql/grants.sql filled in for the functions' IAM database user", run: grantsCommand },
  bench: { usage: benchUsage, summary: "time the seed's SQL against the pipeline on generated data, and check they agree", run: benchCommand },
  serve: { usage: serveUsage, summary: 'serve the functions and the Workflow Executions API on localhost until stopped', run: serveCommand },
  trigger: { usage: triggerUsage, summary: 'start an execution of the workflow and follow it step by step to its end', run: triggerCommand },
  status: { usage: statusUsage, summary: 'the run ledger: recent runs, their stages, quality counts and errors', run: statusCommand },
  capture: { usage: captureUsage, summary: 'install, remove or inspect the change capture that incremental runs need', run: captureCommand },
  verify: { usage: verifyUsage, summary: 'rebuild in full (nothing written) and compare with the published customer_360', run: verifyCommand },
  doctor: { usage: doctorUsage, summary: 'check a deployed project: workflow, functions, scheduler, database grants and sources', run: (argv, io) => doctorCommand(argv, io) },
  withdraw: { usage: withdrawUsage, summary: 'take back a bad publish so that later runs are no longer superseded by it', run: withdrawCommand },
};

function help(io: CliIo['out']): void {
  io('usage: cdp <command> [flags]');
  for (const [name, command] of Object.entries(COMMANDS)) {
    io(`  ${name.padEnd(8)} ${command.summary}`);
    io(`           ${command.usage}`);
  }
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    help(io.out);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`cdp: unknown command ${JSON.stringify(name)}; commands: ${Object.keys(COMMANDS).join(', ')}`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`usage: ${command.usage}`);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (isCdpError(error)) {
      io.err(error.message.startsWith('cdp ') ? error.message : `cdp ${name}: ${error.message}`);
      return exitCodeFor(error.code);
    }
    throw error;
  }
}
