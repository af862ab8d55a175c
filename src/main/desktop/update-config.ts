/**
 * Where the desktop app looks for updates. By default electron-updater reads the generic
 * provider URL that electron-builder wrote into resources/app-update.yml from `publish` in
 * electron.builder.yml. SWITCHBOARD_UPDATE_URL points a deployment at its own mirror
 * (https only); SWITCHBOARD_UPDATES=off turns checking off for managed desktops.
 */
export type UpdateConfig =
  { enabled: false; reason: string } | { enabled: true; feed: { provider: 'generic'; url: string } | null; warning: string | null }

const OFF = new Set(['off', 'false', '0', 'no'])

export function readUpdateConfig(env: Record<string, string | undefined>, isPackaged: boolean): UpdateConfig {
  if (!isPackaged) return { enabled: false, reason: 'development builds never update themselves' }
  if (OFF.has((env.SWITCHBOARD_UPDATES ?? '').trim().toLowerCase())) return { enabled: false, reason: 'SWITCHBOARD_UPDATES is off' }
  const override = env.SWITCHBOARD_UPDATE_URL?.trim()
  if (!override) return { enabled: true, feed: null, warning: null }
  try {
    const url = new URL(override)
    if (url.protocol === 'https:' && !url.username && !url.password)
      return { enabled: true, feed: { provider: 'generic', url: url.href }, warning: null }
  } catch {
    // Falls through to the warning below.
  }
  return {
    enabled: true,
    feed: null,
    warning: 'SWITCHBOARD_UPDATE_URL is not an https URL without credentials; using the built-in update URL',
  }
}
