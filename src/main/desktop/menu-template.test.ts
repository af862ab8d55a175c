import { describe, expect, it } from 'vitest'
import type { MenuCommand } from '../../shared/ipc'
import { COMMAND_PALETTE_ACCELERATOR, SWITCH_TENANT_ACCELERATOR, aboutDetail, buildMenuTemplate, type MenuItemSpec } from './menu-template'

function setup(platform: NodeJS.Platform = 'linux', isPackaged = true) {
  const sent: MenuCommand[] = []
  const calls: string[] = []
  const menu = buildMenuTemplate({
    platform,
    isPackaged,
    actions: { send: (c) => sent.push(c), about: () => calls.push('about'), openDataFolder: () => calls.push('data') },
  })
  const top = (label: string) => menu.find((m) => m.label === label)?.submenu ?? []
  const item = (menuLabel: string, label: string): MenuItemSpec => {
    const found = top(menuLabel).find((m) => m.label === label)
    if (!found) throw new Error(`No ${menuLabel} → ${label}`)
    return found
  }
  return { menu, sent, calls, top, item }
}

describe('the native menu', () => {
  it('has File, Edit, View, Tenant, Window and Help, with the app menu first on macOS', () => {
    expect(setup().menu.map((m) => m.label ?? m.role)).toEqual(['File', 'editMenu', 'View', 'Tenant', 'windowMenu', 'Help'])
    expect(setup('darwin').menu[0]).toEqual({ role: 'appMenu' })
  })

  it('File opens Connections… in the renderer, and quits', () => {
    const { item, top, sent } = setup()
    item('File', 'Connections…').click?.()
    expect(sent).toEqual(['open-connections'])
    expect(top('File').at(-1)).toEqual({ role: 'quit' })
  })

  it('View reloads, zooms and toggles dark mode in the renderer; dev tools only in development', () => {
    const { item, top, sent } = setup()
    expect(
      top('View')
        .map((m) => m.role)
        .filter(Boolean),
    ).toEqual(['reload', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen'])
    item('View', 'Toggle Dark Mode').click!()
    expect(sent).toEqual(['toggle-color-scheme'])
    expect(
      setup('linux', false)
        .top('View')
        .some((m) => m.role === 'toggleDevTools'),
    ).toBe(true)
  })

  it('View opens the command palette in the renderer, with Ctrl/Cmd+K', () => {
    const { item, top, sent } = setup()
    const palette = item('View', 'Command Palette…')
    expect(top('View')[0]).toBe(palette)
    expect(palette.accelerator).toBe(COMMAND_PALETTE_ACCELERATOR)
    expect(COMMAND_PALETTE_ACCELERATOR).toBe('CmdOrCtrl+K')
    palette.click!()
    expect(sent).toEqual(['open-command-palette'])
  })

  it('Tenant switches with an accelerator and returns home, both through the renderer', () => {
    const { item, sent } = setup()
    const switchTenant = item('Tenant', 'Switch Tenant…')
    expect(switchTenant.accelerator).toBe(SWITCH_TENANT_ACCELERATOR)
    switchTenant.click!()
    item('Tenant', 'Return to Home Tenant').click!()
    expect(sent).toEqual(['switch-tenant', 'return-home-tenant'])
  })

  it('Help shows About and opens the data folder in the main process', () => {
    const { item, calls, sent } = setup()
    item('Help', 'About Switchboard').click!()
    item('Help', 'Open Data Folder').click!()
    expect(calls).toEqual(['about', 'data'])
    expect(sent).toEqual([])
  })
})

describe('aboutDetail', () => {
  it('names the version, licence state and data directory', () => {
    expect(
      aboutDetail({ version: '0.1.0', licence: 'Licensed to Northwind until 2027-01-01.', dataDir: '/home/ada/.config/Switchboard' }),
    ).toBe('Version 0.1.0\nLicence: Licensed to Northwind until 2027-01-01.\nData directory: /home/ada/.config/Switchboard')
  })
})
