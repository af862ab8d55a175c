/**
 * The webPreferences of every Switchboard window, from Electron's security checklist:
 * the page gets no Node, runs sandboxed in its own JavaScript world, keeps the same-origin
 * policy, never mixes in http content and cannot embed <webview>. One factory, so a new
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
    spellcheck: false,
  } as const
}
