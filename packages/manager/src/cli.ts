#!/usr/bin/env node
import { nodeIo } from './cli/node-io.js';
import { runCli } from './cli/run-cli.js';

process.exitCode = await runCli(process.argv.slice(2), nodeIo());
