import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { bundleContentType, resolveBundlePath } from './bundle-path'

const ROOT = '/opt/Switchboard/out/renderer'

describe('resolveBundlePath', () => {
  it.each([
    ['/', `${ROOT}/index.html`],
    ['', `${ROOT}/index.html`],
    ['/index.html', `${ROOT}/index.html`],
    ['/assets/index-abc.js', `${ROOT}/assets/index-abc.js`],
    ['/assets//./index-abc.js', `${ROOT}/assets/index-abc.js`],
    ['/assets/a%20b.css', `${ROOT}/assets/a b.css`],
  ])('serves %j from inside the bundle', (urlPath, file) => {
    expect(resolveBundlePath(ROOT, urlPath, path.posix)).toEqual({ file })
  })

  it.each([
    '/../main/index.js',
    '/..%2f..%2fetc/passwd',
    '/..%2F..%2Fetc%2Fpasswd',
    '/assets/%2e%2e/%2e%2e/secret',
    '/%2e%2e',
    '/assets/..',
    '/..%5c..%5cwindows%5cwin.ini',
    '/assets\\..\\..\\x',
    '/index.html%00.png',
    '/C:/Windows/win.ini',
  ])('refuses %j', (urlPath) => {
    expect(resolveBundlePath(ROOT, urlPath, path.posix)).toEqual({ refused: 'outside' })
  })

  it('tells an undecodable path apart', () => {
    expect(resolveBundlePath(ROOT, '/%E0%A4%A', path.posix)).toEqual({ refused: 'malformed' })
  })

  it('applies the same rules with Windows paths', () => {
    const root = 'C:\\Program Files\\Switchboard\\resources\\app.asar\\out\\renderer'
    expect(resolveBundlePath(root, '/assets/x.js', path.win32)).toEqual({ file: `${root}\\assets\\x.js` })
    expect(resolveBundlePath(root, '/..%5c..%5cx', path.win32)).toHaveProperty('refused')
    expect(resolveBundlePath(root, '/C:%2fWindows', path.win32)).toHaveProperty('refused')
    expect(resolveBundlePath(root, '/..%2fx', path.win32)).toHaveProperty('refused')
  })
})

describe('bundleContentType', () => {
  it('names the types the bundle holds and falls back to opaque bytes', () => {
    expect(bundleContentType('/r/index.html')).toBe('text/html; charset=utf-8')
    expect(bundleContentType('/r/assets/a.JS')).toBe('text/javascript; charset=utf-8')
    expect(bundleContentType('/r/assets/a.exe')).toBe('application/octet-stream')
  })
})
