import { describe, expect, it } from 'vitest'
import { isPermissionGranted } from './permissions'

const APP = 'app://switchboard/index.html'
const FROM_APP = { requestingUrl: 'app://switchboard/index.html#/outbox', isMainFrame: true }

describe('the permission handlers', () => {
  it('let the console page write text to the clipboard', () => {
    expect(isPermissionGranted({ permission: 'clipboard-sanitized-write', ...FROM_APP }, APP)).toBe(true)
    // The check handler passes an origin, not a URL.
    expect(
      isPermissionGranted({ permission: 'clipboard-sanitized-write', requestingUrl: 'app://switchboard', isMainFrame: true }, APP),
    ).toBe(true)
  })

  it.each([
    'media',
    'geolocation',
    'notifications',
    'midiSysex',
    'pointerLock',
    'fullscreen',
    'openExternal',
    'clipboard-read',
    'display-capture',
    'mediaKeySystem',
    'idle-detection',
    'hid',
    'serial',
    'usb',
    'bluetooth',
    'window-management',
    'storage-access',
    'top-level-storage-access',
    'speaker-selection',
    'keyboardLock',
    'fileSystem',
    'unknown',
    '',
  ])('deny %j even to the console page', (permission) => {
    expect(isPermissionGranted({ permission, ...FROM_APP }, APP)).toBe(false)
  })

  it.each([
    ['another app:// host', { requestingUrl: 'app://evil/index.html', isMainFrame: true }],
    ['a look-alike host', { requestingUrl: 'app://switchboard.evil.test/', isMainFrame: true }],
    ['a web page', { requestingUrl: 'https://switchboard/', isMainFrame: true }],
    ['a file', { requestingUrl: 'file:///tmp/x.html', isMainFrame: true }],
    ['a frame inside the console', { requestingUrl: APP, isMainFrame: false }],
    ['an unknown frame', { requestingUrl: APP, isMainFrame: undefined }],
    ['no requester', { requestingUrl: undefined, isMainFrame: true }],
    ['a malformed requester', { requestingUrl: 'not a url', isMainFrame: true }],
  ])('deny even the clipboard to %s', (_label, from) => {
    expect(isPermissionGranted({ permission: 'clipboard-sanitized-write', ...from }, APP)).toBe(false)
  })

  it('never grants to pages loaded from file://', () => {
    const file = 'file:///opt/Switchboard/out/renderer/index.html'
    expect(isPermissionGranted({ permission: 'clipboard-sanitized-write', requestingUrl: file, isMainFrame: true }, file)).toBe(false)
  })
})
