import fs from 'node:fs'
import path from 'node:path'
import { expect, snapshot, test } from '../fixtures'
import { ConsoleScreen } from '../pages/console.page'
import { DemoScreen, TicketScreen } from '../pages/demo.page'
import { RegisterScreen } from '../pages/links.page'
import { TenantSwitcher } from '../pages/organisations.page'
import { OverviewScreen } from '../pages/overview.page'
import { OutboxScreen, UsersScreen } from '../pages/users.page'
import { expectAccessible } from '../support/axe'

const invitee = { email: 'casey.newhire@prospect.example', name: 'Casey Newhire', password: 'casey has a long password' }

test('a prospect explores the demo: tenancy, invitation by the Outbox, a signed reply, and Reset demo', async ({ app, host, browser }) => {
  test.slow()
  const shell = new ConsoleScreen(app)
  const demo = new DemoScreen(app)
  const switcher = new TenantSwitcher(app)
  const users = new UsersScreen(app)
  const tickets = new TicketScreen(app)

  // An empty store: the first-run screen offers Explore the demo beside Set up your console.
  await expect(demo.explore).toBeVisible()
  await expect(app.getByRole('heading', { name: 'Set up your console', level: 1 })).toBeVisible()
  await snapshot(app, host, 'demo-01-first-run')
  await expectAccessible(app, 'first run with Explore the demo')

  // One click: the demo is made, and the prospect is signed in at once as its SUPER ADMIN.
  await demo.explore.click()
  await expect(demo.badge).toBeVisible({ timeout: 30_000 })
  await expect(shell.user).toContainText('SUPER ADMIN')
  // The demo's operator has a long address: the header shortens it, never its buttons.
  expect(await shell.clippedHeaderControls()).toEqual([])
  await expect(shell.user.getByTitle(/@/)).toBeVisible()
  // Its organisations have long names too: each chart label is shortened to fit inside its chart.
  const overview = new OverviewScreen(app)
  await expect(overview.usersByTenant).toBeVisible()
  expect(await overview.labelsOutsideCharts()).toEqual([])
  await snapshot(app, host, 'demo-02-signed-in')
  await expectAccessible(app, 'the demo, signed in')

  // Switch into a demo customer tenancy.
  await switcher.button.click()
  const tenancy = switcher.list.getByRole('option').filter({ hasNotText: 'Current' }).first()
  const tenancyName = ((await tenancy.textContent()) ?? '').replace(/(Current|Recent|Demo)+$/g, '').trim()
  await tenancy.click()
  await expect(switcher.banner).toContainText(`You are working in ${tenancyName}`)
  await snapshot(app, host, 'demo-03-tenancy')

  // Invite someone there; the demo's mail stays in the Outbox, with its link.
  await users.open()
  await expect(users.table.getByRole('row')).not.toHaveCount(1)
  await users.invite(invitee.email, 'AGENT')
  await expect(users.dialog.getByRole('status')).toContainText('Invitation sent')
  await users.dialog.getByRole('button', { name: 'Done' }).click()
  await users.openPendingInvitations()
  await expect(users.invitationRow(invitee.email)).toBeVisible()
  await snapshot(app, host, 'demo-04-invited')
  const outbox = new OutboxScreen(app)
  await outbox.open()
  const link = await outbox.linkIn("You're invited")
  await snapshot(app, host, 'demo-05-outbox')
  await expectAccessible(app, 'outbox of a demo tenancy')

  // The invitee opens the link on their own browser and registers.
  const theirs = await browser.newContext()
  try {
    // The console's run secret comes with the link printed by switchboard start; here it is handed over as its cookie.
    await theirs.addCookies((await app.context().cookies()).filter((c) => c.name.startsWith('sb_shell_')))
    const page = await theirs.newPage()
    await page.goto(link)
    const register = new RegisterScreen(page)
    await expect(register.heading).toBeVisible()
    await expect(page.getByText(`You were invited to ${tenancyName} as AGENT.`)).toBeVisible()
    await register.register(invitee.name, invitee.password)
    await expect(new ConsoleScreen(page).user).toContainText(invitee.name)
    await expect(new DemoScreen(page).badge).toBeVisible()
    await snapshot(page, host, 'demo-06-registered')
    await expectAccessible(page, 'the invitee, registered in the demo')
  } finally {
    await theirs.close()
  }

  // Back home, the prospect replies on a Service Desk ticket: the team's signature is previewed and sent.
  await switcher.banner.getByRole('button', { name: /^Return to / }).click()
  await expect(switcher.banner).toHaveCount(0)
  await tickets.openTickets()
  await tickets.openRoutedTo('Service Desk')
  await expect(tickets.thread.getByRole('listitem').first()).toBeVisible()
  await tickets.write('Reply', 'Thanks, on it: I will call you in ten minutes.')
  await expect(tickets.preview).toContainText('Thanks, on it: I will call you in ten minutes.')
  await expect(tickets.preview).toContainText('Kind regards,')
  await expect(tickets.preview).toContainText('Service Desk · ')
  await snapshot(app, host, 'demo-07-reply-preview')
  await expectAccessible(app, 'ticket with a reply previewed')
  await tickets.send('Reply')
  await expect(app.getByRole('status').filter({ hasText: 'Reply sent.' })).toBeVisible()
  await expect(tickets.lastEntry()).toContainText('Thanks, on it: I will call you in ten minutes.')
  await expect(tickets.lastEntry()).toContainText('Kind regards,')
  await tickets.write('Internal note', 'Called back, waiting for the vendor.')
  await expect(tickets.preview).toHaveCount(0)
  await tickets.send('Internal note')
  await expect(tickets.lastEntry()).toContainText('Called back, waiting for the vendor.')
  await expect(tickets.lastEntry()).not.toContainText('Kind regards,')
  await expect(tickets.lastEntry()).toContainText('Internal note')
  await snapshot(app, host, 'demo-08-thread')

  // Reset demo (Settings → Demo), after a confirmation: the reply and the new colleague are gone.
  await demo.openSettings()
  await expectAccessible(app, 'Settings → Demo')
  await demo.reset()
  await expect(demo.badge).toBeVisible()
  await snapshot(app, host, 'demo-09-reset')
  await tickets.openTickets()
  await app.getByRole('table', { name: 'Tickets' }).getByRole('row').nth(1).getByRole('link').click()
  await expect(tickets.thread).toBeVisible()
  await expect(tickets.thread).not.toContainText('Thanks, on it')
  await switcher.switchTo(tenancyName)
  await users.open()
  await users.openPendingInvitations()
  await expect(users.invitationRow(invitee.email)).toHaveCount(0)
  await expectAccessible(app, 'the demo after Reset demo')
})

test('Start my own console leaves the demo, kept in a folder of its own, for the first-run setup', async ({ app, host, dataDir }) => {
  const demo = new DemoScreen(app)
  await demo.explore.click()
  await expect(demo.badge).toBeVisible({ timeout: 30_000 })

  // Signed out, the demo waits for Continue the demo (no password); a fresh tab, as start --demo opens, signs in at once.
  await new ConsoleScreen(app).signOut.click()
  const again = app.getByRole('button', { name: /^Continue the demo as / })
  await expect(again).toBeVisible()
  await expectAccessible(app, 'sign-in page of the demo')
  const tab = await app.context().newPage()
  await tab.goto(app.url())
  await expect(new DemoScreen(tab).badge).toBeVisible()
  await tab.close()
  await again.click()
  await expect(demo.badge).toBeVisible()
  await demo.openSettings()
  await app.getByRole('radio', { name: /^Keep it in a folder of its own/ }).check()
  await app.getByRole('button', { name: 'Start my own console' }).click()
  const dialog = app.getByRole('dialog', { name: 'Leave the demo?' })
  await expect(dialog).toContainText('moved to a folder beside your data')
  await snapshot(app, host, 'demo-10-leave-confirm')
  await expectAccessible(app, 'leave the demo, confirmation')
  await dialog.getByRole('button', { name: 'Keep the demo and start' }).click()
  await expect(app.getByRole('heading', { name: 'Set up your console', level: 1 })).toBeVisible()
  await expect(demo.badge).toHaveCount(0)
  expect(fs.existsSync(path.join(dataDir, 'demo', 'switchboard.sqlite'))).toBe(true)
  await snapshot(app, host, 'demo-11-own-console')
})
