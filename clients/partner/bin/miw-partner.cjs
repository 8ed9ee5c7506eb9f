#!/usr/bin/env node
// Launches the TypeScript CLI through the workspace's tsx (no build step inside the repository).
'use strict';
require('tsx/cjs');
require('../src/cli.ts').main();
