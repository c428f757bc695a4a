import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App } from 'cdktf';
import { isCdpError } from '../core/errors.js';
import { CONFIG_FIELDS, parseInfraConfig } from './config.js';
import { findProjectRoot } from './project-root.js';
import { PipelineStack, STACK_NAME } from './stack.js';
import { stateWarning } from './state-backend.js';

/**
 * The cdktf app (cdktf.json "app": node dist/infra/main.js). The only file that reads the
 * environment: configuration comes from CDP_* variables, else from cdktf.json "context".
 * Returns the process exit code; a bad configuration prints one line naming the field, and
 * local Terraform state a warning no one can miss.
 */
export function main(env: NodeJS.ProcessEnv, stderr: Pick<NodeJS.WriteStream, 'write'> = process.stderr): number {
  const stagingDir = mkdtempSync(join(tmpdir(), 'cdp-function-source-'));
  try {
    const app = new App();
    const context = Object.fromEntries(Object.keys(CONFIG_FIELDS).map((key) => [key, app.node.tryGetContext(key)]));
    const config = parseInfraConfig(env, context);
    const stack = new PipelineStack(app, STACK_NAME, { config, projectRoot: findProjectRoot(process.cwd()), stagingDir });
    app.synth();
    const warning = stateWarning(stack.state);
    if (warning !== undefined) stderr.write(`${warning}\n`);
    return 0;
  } catch (error) {
    if (!isCdpError(error)) throw error;
    stderr.write(`error [${error.code}]: ${error.message}\n`);
    return 1;
  } finally {
    rmSync(stagingDir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.env);
}
