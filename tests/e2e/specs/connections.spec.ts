import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openBackend } from '../../../src/main/backend'
import { startInstanceServer, type InstanceServer } from '../../../src/main/instance/instance-server'
import { osKeychain } from '../../../src/main/secrets/keychain'
import { connectInstance } from '../../support/instance-client'
import { startSmtpCapture } from '../../support/smtp-capture'
import { expect, needsKeychain, snapshot, test } from '../fixtures'
import { ConnectionsScreen } from '../pages/connections.page'
import { ConsoleScreen } from '../pages/console.page'
import { RegisterScreen } from '../pages/links.page'
import { UsersScreen } from '../pages/users.page'
import { expectAccessible } from '../support/axe'

const root = path.resolve(import.meta.dirname, '..', '..', '..')
const instanceAdmin = { name: 'Olu Admin', email: 'olu@contoso.test', password: 'olu has a long password' }
const invitee = { email: 'nia@contoso.test', name: 'Nia Agent', password: 'nia has a long password' }

// The console keeps the instance's session token in the OS keychain.
needsKeychain()

test('the console administers a remote instance: connect, invite there, offline banner and Retry', async ({ app, host }) => {
  test.slow()
  // The instance, in this process: its own store, its own mail server, the console build served to browsers.
  const instanceMail = await startSmtpCapture()
  const instanceData = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-instance-'))
  const backend = openBackend({
    dataDir: instanceData,
    config: { smtpUrl: instanceMail.url, mailFrom: 'Contoso <no-reply@contoso.test>' },
    secrets: osKeychain('Switchboard tests'),
  })
  const serve = (port?: number) =>
    startInstanceServer({ services: backend.services, rendererDir: path.join(root, 'out', 'renderer'), engine: backend.engine, port })
  let instance: InstanceServer | undefined = await serve()
  const { port, url } = instance
  try {
    await connectInstance(url).client.auth.setup({
      organisation: { name: 'Contoso Ltd', slug: 'contoso' },
      admin: instanceAdmin,
      // The desktop signs in with the password alone here; the default rule has its own spec.
      requireSecondFactorForSuperAdmins: false,
    })

    // The console starts on its local store, which is not even set up: Connections is there all the same.
    const connections = new ConnectionsScreen(app)
    await expect(connections.active).toContainText('Local store')
    await expect(connections.active).toContainText('This computer')
    await connections.open()
    await expect(connections.row('Local store')).toContainText('Active')
    // A CA certificate file the console cannot use is refused on its field, before the instance is called.
    const addForm = connections.dialog.getByRole('form', { name: 'Add connection' })
    const caFile = addForm.getByRole('textbox', { name: 'CA certificate file' })
    const details = { name: 'Contoso', url: `http://127.0.0.1:${port}`, email: 'olu@contoso.test', password: 'wrong password!' }
    await connections.add({ ...details, caFile: path.join(instanceData, 'no-such-ca.pem') })
    await expect(caFile).toHaveAttribute('aria-invalid', 'true')
    await expect(addForm).toContainText('There is no file at this path.')
    await caFile.clear()
    await addForm.getByLabel(/^Password/).fill(details.password)
    await addForm.getByRole('button', { name: 'Add connection' }).click()
    await expect(connections.dialog.getByRole('alert')).toContainText('The connection was not added')
    await connections.dialog.getByLabel(/^Password/).fill(instanceAdmin.password)
    await connections.dialog.getByRole('form', { name: 'Add connection' }).getByRole('button', { name: 'Add connection' }).click()
    await expect(connections.row('Contoso')).toContainText(`http://127.0.0.1:${port}`)
    await expectAccessible(app, 'connections dialog')
    await snapshot(app, host, 'connections-dialog')
    await connections.connect('Contoso')

    // The console reloads onto the instance, already signed in; the header names it.
    const shell = new ConsoleScreen(app)
    await expect(shell.user).toContainText(instanceAdmin.name)
    await expect(connections.active).toContainText('Contoso')
    await expect(connections.active).toContainText(`127.0.0.1:${port}`)

    // Inviting happens on the instance, whose mail server sends the link to the instance's own pages.
    const users = new UsersScreen(app)
    await users.open()
    await users.invite(invitee.email, 'AGENT')
    await expect(users.dialog.getByRole('status')).toContainText('Invitation sent')
    await users.dialog.getByRole('button', { name: 'Done' }).click()
    const mail = instanceMail.received.find((m) => m.subject?.startsWith("You're invited"))
    const link = /\S+#\/register\/\S+/.exec(mail?.text ?? '')?.[0]
    expect(link?.startsWith(`${url}/#/register/`)).toBe(true)
    const inviteePage = await app.context().newPage()
    await inviteePage.goto(link!)
    const register = new RegisterScreen(inviteePage)
    await expect(register.heading).toBeVisible()
    await register.register(invitee.name, invitee.password)
    await expect(new ConsoleScreen(inviteePage).user).toContainText(invitee.name)
    await inviteePage.close()

    // The instance stops: the next screen says so, with Retry, and nothing is pretended.
    await instance.close()
    instance = undefined
    await shell.sidebar.getByRole('link', { name: 'Overview' }).click()
    await users.open()
    await expect(connections.offlineBanner).toContainText(`Cannot reach Contoso (127.0.0.1:${port})`)
    await connections.offlineBanner.getByRole('button', { name: 'Retry' }).click()
    await expect(connections.offlineBanner).toContainText('Cannot reach')
    await snapshot(app, host, 'offline-banner')

    // Back on the same port: Retry finds it and the screen fills again.
    instance = await serve(port)
    await connections.offlineBanner.getByRole('button', { name: 'Retry' }).click()
    await expect(connections.offlineBanner).toBeHidden()
    await expect(users.table).toContainText(invitee.name)

    // Removing the connection (confirmed) takes the console back to its local store.
    await connections.open()
    await connections.remove('Contoso')
    await expect(connections.active).toContainText('Local store')
  } finally {
    await instance?.close()
    await backend.close()
    await instanceMail.close()
    fs.rmSync(instanceData, { recursive: true, force: true })
  }
})
