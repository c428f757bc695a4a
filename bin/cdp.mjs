#!/usr/bin/env node
// The `cdp` command as npm links it (package.json "bin"). It is committed with its executable
// bit, which git keeps, so no rebuild of dist/ can take it away: `npm run synth` deletes dist/
// and tsc writes dist/bin/cdp.js without the bit, after which `npx cdp` said "Permission denied".
try {
  await import('../dist/bin/cdp.js');
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/bin/cdp.js')) {
    process.stderr.write('cdp: not built yet: run `npm run build` first\n');
    process.exitCode = 2;
  } else {
    throw error;
  }
}
