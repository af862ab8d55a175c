import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_HEADER, cspDirectives } from './csp'

const indexHtml = fs.readFileSync(path.resolve(import.meta.dirname, '../../renderer/index.html'), 'utf8')

describe('the Content Security Policy', () => {
  it('starts from nothing and adds back only what the console uses', () => {
    const csp = cspDirectives(CONTENT_SECURITY_POLICY)
    expect(csp.get('default-src')).toEqual(["'none'"])
    expect(csp.get('script-src')).toEqual(["'self'"])
    expect(csp.get('connect-src')).toEqual(["'self'"])
    expect(csp.get('base-uri')).toEqual(["'none'"])
    for (const [name, values] of csp) {
      // No directive re-opens the page to other hosts or to eval.
      expect(values, name).not.toContain('*')
      expect(values, name).not.toContain("'unsafe-eval'")
      if (name !== 'style-src') expect(values, name).not.toContain("'unsafe-inline'")
    }
    expect([...csp.keys()].sort()).toEqual(['base-uri', 'connect-src', 'default-src', 'form-action', 'img-src', 'script-src', 'style-src'])
  })

  it('is the policy in index.html, word for word', () => {
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(indexHtml)
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY)
  })

  it('refuses framing when sent as a header', () => {
    expect(cspDirectives(CONTENT_SECURITY_POLICY_HEADER).get('frame-ancestors')).toEqual(["'none'"])
  })
})
