import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { APP_ENTRY_URL, APP_SCHEME_PRIVILEGES, appProtocolAnswer } from './app-protocol'

const ROOT = '/opt/Switchboard/resources/app.asar/out/renderer'
const answer = (url: string, method = 'GET') => appProtocolAnswer(ROOT, method, url, path.posix)

describe('the app:// protocol handler', () => {
  it('serves the entry page and assets of the bundle with the CSP header', () => {
    const entry = answer(APP_ENTRY_URL)
    expect(entry).toMatchObject({ status: 200, file: `${ROOT}/index.html` })
    expect(entry.headers['Content-Type']).toBe('text/html; charset=utf-8')
    expect(entry.headers['Content-Security-Policy']).toContain("default-src 'none'")
    expect(answer('app://switchboard/')).toMatchObject({ status: 200, file: `${ROOT}/index.html` })
    expect(answer('app://switchboard/assets/index-x1.js?v=1#frag')).toMatchObject({ status: 200, file: `${ROOT}/assets/index-x1.js` })
    expect(answer('app://switchboard/index.html', 'HEAD').status).toBe(200)
  })

  it.each([
    'app://switchboard/..%2f..%2fmain/index.js',
    'app://switchboard/assets/..%2F..%2F..%2Fpackage.json',
    'app://switchboard/..%5c..%5cwin.ini',
    'app://switchboard/index.html%00',
    'app://other/index.html',
    'app://switchboard.evil.test/index.html',
    'app://user:pw@switchboard/index.html',
    'file:///opt/Switchboard/resources/app.asar/out/renderer/index.html',
    'https://switchboard/index.html',
    'not a url',
  ])('answers 404 to %s', (url) => {
    const result = answer(url)
    expect(result.status).toBe(404)
    expect('file' in result).toBe(false)
  })

  it('keeps dot segments that the URL parser resolves itself inside the bundle', () => {
    // WHATWG URL (and Chromium before the handler) turn %2e%2e into a .. segment and apply it.
    expect(answer('app://switchboard/%2e%2e/%2e%2e/etc/passwd')).toMatchObject({ status: 200, file: `${ROOT}/etc/passwd` })
    expect(answer('app://switchboard/assets/../../../package.json')).toMatchObject({ file: `${ROOT}/package.json` })
  })

  it('refuses methods other than GET and HEAD', () => {
    expect(answer(APP_ENTRY_URL, 'POST').status).toBe(405)
  })

  it('registers the scheme as a standard secure origin without CORS, CSP bypass or service workers', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ standard: true, secure: true })
    expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('corsEnabled')
    expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('bypassCSP')
    expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('allowServiceWorkers')
  })
})
