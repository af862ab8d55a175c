import { describe, expect, it } from 'vitest'
import { isTrustedSender } from './ipc-sender'

const APP = 'file:///opt/Switchboard/resources/app.asar/out/renderer/index.html'

describe('isTrustedSender', () => {
  it('accepts the top frame showing the bundled page, whatever its route', () => {
    expect(isTrustedSender({ url: APP, parent: null }, APP)).toBe(true)
    expect(isTrustedSender({ url: `${APP}#/admin/users`, parent: null }, APP)).toBe(true)
  })

  it('refuses a foreign frame: an iframe, another file, a web page, or no frame at all', () => {
    expect(isTrustedSender({ url: APP, parent: { url: APP } }, APP)).toBe(false)
    expect(isTrustedSender({ url: 'file:///tmp/evil.html', parent: null }, APP)).toBe(false)
    expect(isTrustedSender({ url: 'https://evil.test/', parent: null }, APP)).toBe(false)
    expect(isTrustedSender({ url: 'not a url', parent: null }, APP)).toBe(false)
    expect(isTrustedSender(null, APP)).toBe(false)
  })

  it('accepts only the app:// host the console is served from', () => {
    const app = 'app://switchboard/index.html'
    expect(isTrustedSender({ url: 'app://switchboard/index.html#/admin/users', parent: null }, app)).toBe(true)
    expect(isTrustedSender({ url: 'app://evil/index.html', parent: null }, app)).toBe(false)
    expect(isTrustedSender({ url: 'app://switchboard.evil.test/index.html', parent: null }, app)).toBe(false)
    expect(isTrustedSender({ url: 'app://x@switchboard/index.html', parent: null }, app)).toBe(false)
    expect(isTrustedSender({ url: 'evil://switchboard/index.html', parent: null }, app)).toBe(false)
    expect(isTrustedSender({ url: 'app://switchboard/index.html', parent: {} }, app)).toBe(false)
  })

  it('compares origins for the dev server', () => {
    const dev = 'http://localhost:5173/'
    expect(isTrustedSender({ url: 'http://localhost:5173/users', parent: null }, dev)).toBe(true)
    expect(isTrustedSender({ url: 'http://localhost:5174/', parent: null }, dev)).toBe(false)
  })
})
