import { describe, expect, it } from 'vitest'
import { isSameAppPage } from './navigation'

describe('the window navigation guard', () => {
  const app = 'file:///opt/Switchboard/resources/app.asar/out/renderer/index.html'

  it('allows moves between hash routes of the app page', () => {
    expect(isSameAppPage(`${app}#/admin/users`, app)).toBe(true)
    expect(isSameAppPage(`${app}#/register/abc`, `${app}#/`)).toBe(true)
    expect(isSameAppPage('http://localhost:5173/#/teams', 'http://localhost:5173/')).toBe(true)
    expect(isSameAppPage('app://switchboard/index.html#/teams', 'app://switchboard/index.html')).toBe(true)
  })

  it('keeps the app:// window on its own host and page', () => {
    const entry = 'app://switchboard/index.html'
    expect(isSameAppPage('app://evil/index.html', entry)).toBe(false)
    expect(isSameAppPage('app://switchboard/other.html', entry)).toBe(false)
    expect(isSameAppPage('app://x@switchboard/index.html', entry)).toBe(false)
    expect(isSameAppPage('https://switchboard/index.html', entry)).toBe(false)
  })

  it('refuses another host, another file, a query or a malformed URL', () => {
    // Same path on another origin: the old pathname-only check let this through.
    expect(isSameAppPage('https://evil.test/opt/Switchboard/resources/app.asar/out/renderer/index.html', app)).toBe(false)
    expect(isSameAppPage('file:///etc/passwd', app)).toBe(false)
    expect(isSameAppPage(`${app}?x=1`, app)).toBe(false)
    expect(isSameAppPage('http://localhost:5174/', 'http://localhost:5173/')).toBe(false)
    expect(isSameAppPage('not a url', app)).toBe(false)
  })
})
