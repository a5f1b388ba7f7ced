#!/usr/bin/env node
// Placeholder until the CLI issue lands: prints usage.
console.log("meanfield: commands arrive with the CLI issue (see README.md)");
