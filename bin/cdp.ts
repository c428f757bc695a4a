#!/usr/bin/env node
import { main } from '../cli/main.js';
import { processIo } from '../cli/io.js';

// A reader that goes away (`cdp bench | head`) must not kill the command mid-way: it still has
// to drop its scratch database and stop what it serves. Output to a closed pipe is dropped.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

process.exitCode = await main(process.argv.slice(2), processIo);
