/**
 * The webPreferences of every Switchboard window, from Electron's security checklist:
 * the page gets no Node, runs sandboxed in its own JavaScript world, keeps the same-origin
 * policy, never mixes in http content, cannot embed <webview> and has no middle-click (auxclick). One factory, so a new
 * window cannot forget a setting; window.ts checks it against Electron's own type.
 */
export function secureWebPreferences(preload: string) {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    // A middle click cannot open a window either (new windows are denied anyway).
    disableBlinkFeatures: 'Auxclick',
    spellcheck: false,
  } as const
}
