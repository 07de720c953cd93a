#!/usr/bin/env node
// Runs the TypeScript source through tsx, resolved from this package, so the bin works from any directory.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
