#!/usr/bin/env node
'use strict';
// Runs the TypeScript command line through tsx, so the CLI needs no build step.
require('tsx/cjs');
require('../cli/main.ts');
