import type { Page } from '@playwright/test'
import type { MenuCommand } from '../../../src/shared/ipc'

/**
 * The browser shell has no preload: this stands in for its `window.switchboard` so a spec can send
 * the console a native-menu command exactly as the preload hands it over (the payload only). Its
 * host is not 'electron', so calls still go over HTTP. Takes effect from the next load of the page.
 */
export async function standInDesktopBridge(page: Page): Promise<(command: MenuCommand) => Promise<void>> {
  // A string: the e2e code is compiled without the DOM's types.
  await page.addInitScript(`
    const listeners = new Set()
    window.switchboard = {
      host: 'stand-in',
      onMenuCommand(listener) { listeners.add(listener); return () => listeners.delete(listener) },
      onUpdateState() { return () => {} },
      updateCommand() { return Promise.resolve({ phase: 'idle' }) },
    }
    window.__sendMenuCommand = (command) => listeners.forEach((listener) => listener(command))
  `)
  return async (command) => {
    await page.evaluate(`window.__sendMenuCommand(${JSON.stringify(command)})`)
  }
}
