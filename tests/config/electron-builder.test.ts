import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { Configuration } from 'electron-builder'
// js-yaml is the parser electron-builder itself uses to read this file.
import yaml from 'js-yaml'
import { describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '..', '..')
const require = createRequire(import.meta.url)
const config = yaml.load(fs.readFileSync(path.join(root, 'electron.builder.yml'), 'utf8')) as Configuration
// electron-builder's own JSON schema: a misspelt fuse would be silently ignored at packaging.
const scheme = require('app-builder-lib/scheme.json') as { definitions: Record<string, { properties: Record<string, unknown> }> }

describe('electron.builder.yml', () => {
  it('flips every fuse the security checklist asks for', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
    })
  })

  it('names only fuses electron-builder knows, and keeps the asar the fuses rely on', () => {
    const known = Object.keys(scheme.definitions.FuseOptionsV1!.properties)
    for (const key of Object.keys(config.electronFuses ?? {})) expect(known, key).toContain(key)
    expect(config.asar).not.toBe(false)
  })

  it('updates from a generic https feed and verifies Windows installers’ signatures', () => {
    const publish = config.publish as { provider: string; url: string }
    expect(publish.provider).toBe('generic')
    expect(new URL(publish.url).protocol).toBe('https:')
    expect(Object.keys(scheme.definitions.WindowsConfiguration!.properties)).toContain('verifyUpdateCodeSignature')
    expect(config.win?.verifyUpdateCodeSignature).toBe(true)
  })

  it('registers the switchboard:// scheme for email links', () => {
    const protocols = [config.protocols].flat()
    expect(protocols.flatMap((p) => p?.schemes ?? [])).toContain('switchboard')
  })
})
