#!/usr/bin/env node
// The `switchboard` command: runs the built CLI (npm install builds it through "prepare").
import { existsSync } from 'node:fs'

const cli = new URL('../out/main/cli.js', import.meta.url)
if (!existsSync(cli)) {
  console.error('Switchboard is not built yet. Run "npm run build" in its folder (npm install does this for you).')
  process.exit(1)
}
await import(cli.href)
