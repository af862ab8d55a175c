import type { DesktopBridge } from '../shared/ipc'

declare global {
  interface Window {
    /** Present only in the desktop app (set by the preload). */
    switchboard?: DesktopBridge
  }
}
