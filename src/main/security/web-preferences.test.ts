import { describe, expect, it } from 'vitest'
import { secureWebPreferences } from './web-preferences'

describe('secureWebPreferences', () => {
  const prefs: Record<string, unknown> = secureWebPreferences('/app/out/preload/index.cjs')

  it('isolates and sandboxes the page, without Node anywhere', () => {
    expect(prefs.contextIsolation).toBe(true)
    expect(prefs.sandbox).toBe(true)
    expect(prefs.nodeIntegration).toBe(false)
    expect(prefs.nodeIntegrationInWorker).toBe(false)
    expect(prefs.nodeIntegrationInSubFrames).toBe(false)
  })

  it('keeps web security on, refuses insecure content and has no webview tag', () => {
    expect(prefs.webSecurity).toBe(true)
    expect(prefs.allowRunningInsecureContent).toBe(false)
    expect(prefs.webviewTag).toBe(false)
    expect(prefs.experimentalFeatures).toBe(false)
  })

  it('enables no Blink feature, disables auxclick and loads only the given preload', () => {
    expect(prefs).not.toHaveProperty('enableBlinkFeatures')
    expect(prefs.disableBlinkFeatures).toBe('Auxclick')
    expect(prefs).not.toHaveProperty('additionalArguments')
    expect(prefs.preload).toBe('/app/out/preload/index.cjs')
  })
})
