#!/usr/bin/env node
// The installed command: a committed file, so that package managers can link it before dist/ is built.
import '../dist/cli.js';
