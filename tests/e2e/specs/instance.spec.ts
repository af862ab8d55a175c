import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { expect, test } from '../fixtures'
import { ConsoleScreen } from '../pages/console.page'
import { RegisterScreen } from '../pages/links.page'
import { OPERATOR as operator, SetupScreen } from '../pages/setup.page'
import { SignInScreen } from '../pages/sign-in.page'
import { UsersScreen } from '../pages/users.page'

const root = path.resolve(import.meta.dirname, '../../..')

/** `switchboard instance serve` on a free loopback port; resolves with its URL once it listens. */
async function startInstance(
  dataDir: string,
  smtpUrl: string,
): Promise<{ url: string; child: ChildProcess; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [path.join(root, 'bin', 'switchboard.js'), 'instance', 'serve', '--data', dataDir, '--port', '0'], {
    cwd: root,
    env: { ...process.env, SWITCHBOARD_SMTP_URL: smtpUrl },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
  let said = ''
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      said += chunk.toString()
      const match = /URL: +(http:\/\/127\.0\.0\.1:\d+)/.exec(said)
      if (match) resolve(match[1]!)
    })
    void exited.then((code) => reject(new Error(`the instance exited with ${code}:\n${said}`)))
  })
  return { url, child, exited }
}

test('an instance serves the console to browsers: setup, an invitation whose emailed link registers, and Sign out everywhere', async ({
  page,
  browser,
  dataDir,
  mail,
  host,
}) => {
  test.skip(host !== 'browser', 'the instance serves browsers; the desktop app connects to it through the console side')
  const instance = await startInstance(dataDir, mail.url)
  try {
    await page.goto(instance.url)
    await new SetupScreen(page).complete()
    const shell = new ConsoleScreen(page)
    await expect(shell.heading('Overview')).toBeVisible()

    const users = new UsersScreen(page)
    await users.open()
    await users.invite('nia@example.test', 'AGENT')
    await expect(users.dialog.getByRole('status')).toContainText('Invitation sent')
    await users.dialog.getByRole('button', { name: 'Done' }).click()
    const link = mail.linkIn("You're invited")
    expect(link.startsWith(`${instance.url}/#/register/`)).toBe(true)

    // The invitee opens the emailed link in a browser of their own.
    const invitee = await (await browser.newContext()).newPage()
    await invitee.goto(link)
    const register = new RegisterScreen(invitee)
    await expect(register.heading).toBeVisible()
    await register.register('Nia Agent', 'a perfectly fine password')
    await expect(new ConsoleScreen(invitee).user).toContainText('Nia Agent')

    // Sign out everywhere asks first, then ends the session here (and any other of this user).
    await shell.signOutEverywhere.click()
    const confirm = page.getByRole('dialog', { name: 'Sign out everywhere?' })
    await expect(confirm).toContainText(operator.email)
    await confirm.getByRole('button', { name: 'Sign out everywhere' }).click()
    await expect(new SignInScreen(page).heading).toBeVisible()
    await page.reload()
    await expect(new SignInScreen(page).heading).toBeVisible()
  } finally {
    instance.child.kill('SIGTERM')
    expect(await instance.exited).toBe(0)
  }
})
