import { describe, expect, it } from 'vitest'
import { readUpdateConfig } from './update-config'

describe('readUpdateConfig', () => {
  it('never updates a development build', () => {
    expect(readUpdateConfig({ SWITCHBOARD_UPDATE_URL: 'https://mirror.example.com/' }, false).enabled).toBe(false)
  })

  it('uses the packaged generic provider URL unless a deployment points elsewhere', () => {
    expect(readUpdateConfig({}, true)).toEqual({ enabled: true, feed: null, warning: null })
    expect(readUpdateConfig({ SWITCHBOARD_UPDATE_URL: 'https://mirror.example.com/switchboard/' }, true)).toEqual({
      enabled: true,
      feed: { provider: 'generic', url: 'https://mirror.example.com/switchboard/' },
      warning: null,
    })
  })

  it.each(['http://mirror.example.com/', 'https://u:p@mirror.example.com/', 'file:///srv/updates', 'not a url'])(
    'ignores an unsafe override %s, with a warning',
    (url) => {
      const config = readUpdateConfig({ SWITCHBOARD_UPDATE_URL: url }, true)
      expect(config).toMatchObject({ enabled: true, feed: null })
      expect(config.enabled && config.warning).toMatch(/SWITCHBOARD_UPDATE_URL/)
    },
  )

  it('can be switched off for managed desktops', () => {
    expect(readUpdateConfig({ SWITCHBOARD_UPDATES: 'off' }, true)).toEqual({ enabled: false, reason: 'SWITCHBOARD_UPDATES is off' })
    expect(readUpdateConfig({ SWITCHBOARD_UPDATES: 'on' }, true).enabled).toBe(true)
  })
})
