#!/usr/bin/env node
// The executable: kept apart from cli.ts so tests import `main` without running it.
import { main } from './cli.js';

process.exitCode = main(process.argv.slice(2));
