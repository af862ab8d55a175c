import { expect, test } from '../fixtures'
import { ConsoleScreen } from '../pages/console.page'
import { CommandPalette } from '../pages/palette.page'
import { SetupScreen } from '../pages/setup.page'
import { TenantSwitcher } from '../pages/organisations.page'
import { MenuCommand } from '../../../src/shared/ipc'
import { expectAccessible } from '../support/axe'
import { standInDesktopBridge } from '../support/desktop-bridge'
import { seedOrganisations, seedUsersIn } from '../support/store'

test.beforeEach(async ({ app, dataDir }) => {
  await new SetupScreen(app).complete()
  seedOrganisations(dataDir, [
    { name: 'Fabrikam Ltd', slug: 'fabrikam' },
    { name: 'Contoso Dental', slug: 'contoso-dental' },
  ])
  seedUsersIn(dataDir, 'fabrikam', ['Fiona Fabrikam', 'Felix Field'])
})

test('the palette from the keyboard: go to a screen, then find a user of another tenant and land on them after the switch', async ({
  app,
}) => {
  test.slow()
  const palette = new CommandPalette(app)
  const shell = new ConsoleScreen(app)
  const switcher = new TenantSwitcher(app)

  // Ctrl+K opens it with the search box focused; every screen of the sidebar is listed.
  await expect(palette.button).toBeVisible()
  await palette.openWithKeyboard()
  await expect(palette.dialog).toBeVisible()
  await expect(palette.search).toBeFocused()
  await expect(palette.group('Go to').getByRole('option')).toContainText(['Overview', 'Admin → Users', 'Admin → Audit Log'])
  await expect(palette.group('Actions').getByRole('option')).toHaveText(['Invite user', 'Invite from file', 'Switch tenant'])
  await expectAccessible(app, 'command palette, open')

  // Typing narrows the screens; the first entry is highlighted, Enter goes there.
  await palette.search.pressSequentially('audit')
  await expect(palette.option('Admin → Audit Log')).toHaveAttribute('aria-selected', 'true')
  await expect(palette.search).toHaveAttribute('aria-activedescendant', /.+/)
  await app.keyboard.press('Enter')
  await expect(palette.dialog).toBeHidden()
  await expect(shell.heading('Audit Log')).toBeVisible()

  // A user of another tenant, found on the server as you type, by part of the email in any case.
  await palette.openWithKeyboard()
  await palette.search.pressSequentially('FIONA.FAB')
  await expect(palette.option(/Fiona Fabrikam/)).toContainText('in Fabrikam Ltd')
  await expect(palette.status).toHaveText('1 result')
  await expectAccessible(app, 'command palette with results')
  // Arrow keys move the highlight; Enter switches to Fabrikam and opens the user there.
  await app.keyboard.press('ArrowDown')
  await app.keyboard.press('ArrowUp')
  await expect(palette.option(/Fiona Fabrikam/)).toHaveAttribute('aria-selected', 'true')
  await app.keyboard.press('Enter')
  await expect(switcher.banner).toContainText('You are working in Fabrikam Ltd')
  await expect(shell.heading('Fiona Fabrikam')).toBeVisible()

  // Nothing matches: said so, in words.
  await palette.openWithKeyboard()
  await palette.search.pressSequentially('no such thing anywhere')
  await expect(palette.status).toHaveText(/Nothing found/)
  await expect(palette.results).toBeHidden()

  // Return to home tenant, from the palette.
  await palette.search.fill('home')
  await expect(palette.option(/Return to home tenant/)).toHaveAttribute('aria-selected', 'true')
  await app.keyboard.press('Enter')
  await expect(switcher.banner).toBeHidden()
  await expect(switcher.button).toContainText('Northwind MSP')
})

test('Switch tenant from the palette lists the organisations; Escape closes it', async ({ app }) => {
  const palette = new CommandPalette(app)
  const switcher = new TenantSwitcher(app)

  await palette.button.click()
  await palette.search.fill('switch')
  await app.keyboard.press('Enter')
  await expect(palette.search).toHaveAccessibleName('Organisation to switch into')
  await palette.search.pressSequentially('dental')
  await expect(palette.results.getByRole('option')).toHaveText([/^Contoso Dental/])
  await expectAccessible(app, 'command palette, choosing a tenant')
  await app.keyboard.press('Enter')
  await expect(switcher.banner).toContainText('You are working in Contoso Dental')

  await palette.openWithKeyboard()
  await expect(palette.dialog).toBeVisible()
  await app.keyboard.press('Escape')
  await expect(palette.dialog).toBeHidden()
})

test('the desktop menu’s View → Command Palette… opens the palette in the console', async ({ app, host }) => {
  test.skip(host !== 'browser', 'stands in for the preload of the browser shell; the Electron window has the real menu')
  const palette = new CommandPalette(app)
  const shell = new ConsoleScreen(app)
  const sendMenuCommand = await standInDesktopBridge(app)
  await app.reload()
  await expect(shell.heading('Overview')).toBeVisible()
  await expect(palette.dialog).toBeHidden()
  // The palette is its own chunk, loaded after the shell: its button shows once it (and its menu listener) is in.
  await expect(palette.button).toBeVisible()

  await sendMenuCommand(MenuCommand.OPEN_COMMAND_PALETTE)
  await expect(palette.dialog).toBeVisible()
  await expect(palette.search).toBeFocused()
  await palette.search.pressSequentially('audit')
  await app.keyboard.press('Enter')
  await expect(shell.heading('Audit Log')).toBeVisible()
  // Another menu command leaves it closed.
  await sendMenuCommand(MenuCommand.TOGGLE_COLOR_SCHEME)
  await expect(palette.dialog).toBeHidden()
})
