import fs from 'node:fs'
import { expect, snapshot, test } from '../fixtures'
import { SettingsScreens } from '../pages/settings.page'
import { SetupScreen } from '../pages/setup.page'
import { expectAccessible } from '../support/axe'

// Settings → Email as an operator finds it: no SWITCHBOARD_SMTP_URL locking its fields.
test.use({ smtpFromEnvironment: false })

test('Admin → Settings → Email and Backups, and Admin → Audit Log, as the guide words them', async ({ app, host }) => {
  // Three screens with a scan each, a backup and an export: more than the default minute.
  test.slow()
  await new SetupScreen(app).complete()
  const screens = new SettingsScreens(app)

  // Settings → Email: nothing saved yet, so mail stays in the Outbox.
  await screens.openEmail()
  await expect(app.getByText('to the Outbox')).toBeVisible()
  await screens.host.fill('smtp.northwind.test')
  await screens.port.fill('2525')
  await screens.chooseSecurity('TLS')
  await screens.sender.fill('Switchboard <no-reply@northwind.test>')
  await app.getByRole('button', { name: 'Save' }).click()
  await expect(app.getByRole('status').filter({ hasText: 'Email settings saved.' })).toBeVisible()

  // Saved in the store, not just kept in the form: a reload reads them back from getEmail.
  await app.reload()
  await expect(screens.host).toHaveValue('smtp.northwind.test')
  await expect(screens.port).toHaveValue('2525')
  await expect(screens.security).toHaveValue('TLS')
  await expect(screens.sender).toHaveValue('Switchboard <no-reply@northwind.test>')
  await expect(app.getByText('over SMTP')).toBeVisible()
  // Whichever the test machine has: a keychain takes the password, or the screen says why not.
  const noKeychain = app.getByText('No OS keychain')
  const password = app.getByLabel('Password', { exact: true })
  await expect(password).toBeVisible()
  if (await noKeychain.isVisible()) {
    await expect(app.getByText(/give it as SWITCHBOARD_SMTP_PASSWORD/)).toBeVisible()
    await expect(password).toBeDisabled()
  } else await expect(password).toBeEnabled()
  await snapshot(app, host, 'settings-email')
  await expectAccessible(app, 'settings email')

  // Settings → Backups: a fresh data directory has none; Back up now streams progress, then lists one.
  await screens.openBackups()
  await expect(app.getByText('No backups yet.')).toBeVisible()
  await app.getByRole('button', { name: 'Back up now' }).click()
  await expect(app.getByRole('status').filter({ hasText: /^Backup finished/ })).toBeVisible({ timeout: 30_000 })
  await expect(app.getByRole('progressbar', { name: 'Backup progress' })).toHaveAttribute('aria-valuenow', '100')
  await expect(screens.backups.getByRole('row')).toHaveCount(2)
  await expect(app.getByText('No backups yet.')).toBeHidden()
  await snapshot(app, host, 'settings-backups')
  await expectAccessible(app, 'settings backups')

  // Audit Log: the sign-in and the save are there, newest first.
  await screens.openAuditLog()
  await expect(screens.audit.getByRole('row').filter({ hasText: 'settings.save-email' })).toHaveCount(1)
  await expect(screens.audit.getByRole('row').filter({ hasText: 'auth.' }).first()).toBeVisible()
  const before = await screens.audit.getByRole('row').count()
  expect(before).toBeGreaterThan(2)
  await screens.filterByAction('settings.save-email')
  // Narrowed to the one save: a header row and one entry, and the filter kept in the address.
  await expect(screens.audit.getByRole('row')).toHaveCount(2)
  await expect(screens.auditFooter).toHaveText('Showing 1 of 1')
  expect(app.url()).toContain('action=settings.save-email')
  await snapshot(app, host, 'audit-log')
  await expectAccessible(app, 'audit log')

  // Export CSV of the filtered rows: a header line and the save's line.
  const downloading = app.waitForEvent('download')
  await app.getByRole('button', { name: 'Export CSV' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toMatch(/^audit-log-.*\.csv$/)
  const lines = fs
    .readFileSync(await download.path(), 'utf8')
    .trim()
    .split(/\r?\n/)
  expect(lines.length).toBeGreaterThanOrEqual(2)
  expect(lines[0]).toMatch(/action/i)
  expect(lines.slice(1).join('\n')).toContain('settings.save-email')
})
