/**
 * The functions' own process for `cdp bench` (entry point: node dist/tools/bench/functions-child.js,
 * spawned by functions-process.ts). It serves the eight functions on localhost as `cdp run` does,
 * with the runtime the deployed functions build from their environment (DATABASE_URL, CDP_*), so
 * the peak memory it reports is the functions' alone, not the bench's. Protocol: child-protocol.ts.
 */
import { getRuntime } from '../../functions/runtime.js';
import { serveFunctions } from '../../functions/serve.js';
import { readMemory, type ChildMessage, type ParentMessage } from './child-protocol.js';

async function main(): Promise<void> {
  if (!process.send) throw new Error('functions-child must be spawned with an IPC channel');
  const send = (message: ChildMessage) => process.send!(message);
  const served = await serveFunctions();
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await served.close();
    await getRuntime().then((runtime) => runtime.db.close(), () => {});
    process.exit(0);
  };
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'memory') send(readMemory());
    else if (message.type === 'stop') void stop();
  });
  // The bench went away without saying stop (killed): do not outlive it.
  process.on('disconnect', () => void stop());
  send({ type: 'ready', env: served.env });
}

main().catch((error: unknown) => {
  process.stderr.write(`functions child failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
