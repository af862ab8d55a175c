import { afterEach, expect, it } from 'vitest'
import { backendOn, describeEngines, type EngineName } from '../../../tests/support/engines'
import { refusal } from '../../../tests/support/failure'
import { connectShell } from '../../../tests/support/shell-client'
import { PASSWORD, seedOperator, seedUser } from '../../../tests/support/seed'
import { snapshot } from '../../../tests/support/snapshot'
import { OPERATOR, operationsOf, tempDir } from '../../../tests/support/temp-backend'
import { contract } from '../../shared/contract'
import { ErrorCode, ErrorReason, toAppError } from '../../shared/errors'
import { STEP_UP_OPERATIONS, STEP_UP_WINDOW_MS } from '../../shared/step-up'
import { totpCodeAt, TOTP_PERIOD_SECONDS } from '../features/factors/totp'
import { startShellServer, type ShellServer } from '../http/shell-server'

const STEP_MS = TOTP_PERIOD_SECONDS * 1000
/** The throttle's table changes with every checked code or password; everything else must not. */
const THROTTLE_TABLE = ['attempt_throttle']

let server: ShellServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

const STEP_UP_REQUIRED = [ErrorCode.FORBIDDEN, ErrorReason.STEP_UP_REQUIRED]

/** The operator, signed in over the browser shell's RPC (as the console is); with an authenticator app when `withApp`. */
async function operatorOn(engine: EngineName, { withApp }: { withApp: boolean }) {
  const backend = await backendOn(engine)
  const { services, clock } = backend
  clock.set(new Date('2026-03-02T09:00:00.000Z'))
  const op = await seedOperator(backend)
  let secret: string | null = null
  let recoveryCodes: string[] = []
  if (withApp) {
    secret = (await services.factors.startTotp(op.actor)).secret
    recoveryCodes = (await services.factors.confirmTotp(op.actor, totpCodeAt(secret, clock.now()))).recoveryCodes
    clock.advance(2 * STEP_MS)
  }
  const code = () => totpCodeAt(secret!, clock.now())
  server = await startShellServer({ services, rendererDir: tempDir() })
  const { client } = await connectShell(server.url)
  const credentials = { email: OPERATOR.admin.email, password: OPERATOR.admin.password }
  if (withApp) {
    const pendingToken = await client.auth.signIn(credentials).then(
      () => null,
      (error: unknown) => toAppError(error).pendingToken!,
    )
    await client.auth.verifySecondFactor({ pendingToken: pendingToken!, code: code() })
  } else {
    await client.auth.signIn(credentials)
  }
  const features = (...enabled: string[]) =>
    client.organisations.update({
      id: op.tenantId,
      name: OPERATOR.organisation.name,
      slug: OPERATOR.organisation.slug,
      isAdminTenant: true,
      isDemo: false,
      featuresEnabled: JSON.stringify(enabled),
    } as never)
  const featuresNow = async () => (await services.organisations.get(op.actor, op.tenantId)).featuresEnabled
  return { backend, services, clock, op, client, code, recoveryCodes, features, featuresNow }
}

describeEngines('step-up: operations that can take over tenants need a factor proven in the last 5 minutes', (engine) => {
  it('runs for 5 minutes after the second step of sign-in, then refuses with STEP_UP_REQUIRED and changes nothing', async () => {
    const { backend, clock, client, features, featuresNow } = await operatorOn(engine, { withApp: true })
    clock.advance(STEP_UP_WINDOW_MS - 1)
    await features('crm')
    expect(await featuresNow()).toEqual(['crm'])
    clock.advance(1)
    const before = await snapshot(backend)
    expect(await refusal(features('crm', 'helpdesk'))).toEqual(STEP_UP_REQUIRED)
    expect(await refusal(client.backups.start())).toEqual(STEP_UP_REQUIRED)
    expect(await refusal(client.settings.clearEmail())).toEqual(STEP_UP_REQUIRED)
    // Refused before the operation ran: no change, no audit row (not even a denied one).
    expect(await snapshot(backend)).toBe(before)
    expect(await featuresNow()).toEqual(['crm'])
    // Operations not in the list carry on.
    await expect(client.organisations.get({ id: (await client.auth.me())!.homeTenant.id })).resolves.toBeTruthy()
  })

  it('is renewed by auth.stepUp with a code: the call then passes once more for 5 minutes; a code is taken once', async () => {
    const { backend, clock, client, code, recoveryCodes, features, featuresNow } = await operatorOn(engine, { withApp: true })
    clock.advance(STEP_UP_WINDOW_MS + STEP_MS)
    expect(await refusal(features('crm'))).toEqual(STEP_UP_REQUIRED)
    const { stepUpUntil } = await client.auth.stepUp({ code: code() })
    expect(stepUpUntil.getTime()).toBe(clock.now().getTime() + STEP_UP_WINDOW_MS)
    await features('crm')
    expect(await featuresNow()).toEqual(['crm'])
    // The same code again is refused (it was used), and changes nothing.
    const before = await snapshot(backend, THROTTLE_TABLE)
    expect(await refusal(client.auth.stepUp({ code: code() }))).toEqual([ErrorCode.VALIDATION, ErrorReason.SECOND_FACTOR_INVALID])
    expect(await snapshot(backend, THROTTLE_TABLE)).toBe(before)
    // The window counts from the step-up.
    clock.advance(STEP_UP_WINDOW_MS - 1)
    await features('crm', 'helpdesk')
    clock.advance(1)
    expect(await refusal(features('crm'))).toEqual(STEP_UP_REQUIRED)
    // A recovery code works once too; the password does not stand in for the app.
    expect(await refusal(client.auth.stepUp({ password: OPERATOR.admin.password }))).toEqual([
      ErrorCode.VALIDATION,
      ErrorReason.SECOND_FACTOR_INVALID,
    ])
    await client.auth.stepUp({ recoveryCode: recoveryCodes[0]! })
    await features('crm')
    expect(await featuresNow()).toEqual(['crm'])
    expect(await refusal(client.auth.stepUp({ recoveryCode: recoveryCodes[0]! }))).toEqual([
      ErrorCode.VALIDATION,
      ErrorReason.SECOND_FACTOR_INVALID,
    ])
  })

  it('refuses wrong codes, then throttles them, changing nothing but the throttle', async () => {
    const { backend, clock, client, code, features } = await operatorOn(engine, { withApp: true })
    clock.advance(STEP_UP_WINDOW_MS + STEP_MS)
    const before = await snapshot(backend, THROTTLE_TABLE)
    const wrong = code() === '000000' ? '111111' : '000000'
    const answers = []
    for (let i = 0; i < 6; i++) answers.push(await refusal(client.auth.stepUp({ code: wrong })))
    expect(answers[0]).toEqual([ErrorCode.VALIDATION, ErrorReason.SECOND_FACTOR_INVALID])
    expect(answers.at(-1)).toEqual([ErrorCode.VALIDATION, ErrorReason.THROTTLED])
    // Even the right code waits while throttled.
    expect(await refusal(client.auth.stepUp({ code: code() }))).toEqual([ErrorCode.VALIDATION, ErrorReason.THROTTLED])
    expect(await snapshot(backend, THROTTLE_TABLE)).toBe(before)
    expect(await refusal(features('crm'))).toEqual(STEP_UP_REQUIRED)
  })

  it('asks a user without an authenticator app for their password instead', async () => {
    const { clock, client, features, featuresNow } = await operatorOn(engine, { withApp: false })
    // Signing in with the password proves it as much as such a user can: 5 minutes without asking.
    clock.advance(STEP_UP_WINDOW_MS - 1)
    await features('crm')
    clock.advance(1)
    expect(await refusal(features('helpdesk'))).toEqual(STEP_UP_REQUIRED)
    expect(await refusal(client.auth.stepUp({ code: '123456' }))).toEqual([ErrorCode.VALIDATION, ErrorReason.SECOND_FACTOR_INVALID])
    expect(await refusal(client.auth.stepUp({ password: 'not the password' }))).toEqual([
      ErrorCode.VALIDATION,
      ErrorReason.SECOND_FACTOR_INVALID,
    ])
    await client.auth.stepUp({ password: OPERATOR.admin.password })
    await features('helpdesk')
    expect(await featuresNow()).toEqual(['helpdesk'])
  })

  it('asks only when the new role is SUPER_ADMIN, and not callers the operation refuses anyway', async () => {
    const { backend, clock, client, op } = await operatorOn(engine, { withApp: false })
    const agent = await seedUser(backend, op.tenantId, 'AGENT', 'Al Agent')
    clock.advance(STEP_UP_WINDOW_MS)
    await client.users.update({ id: agent.id, role: 'ADMIN' })
    await client.invitations.create({ email: 'nia@example.test', role: 'AGENT' })
    expect(await refusal(client.users.update({ id: agent.id, role: 'SUPER_ADMIN' }))).toEqual(STEP_UP_REQUIRED)
    expect(await refusal(client.invitations.create({ email: 'max@example.test', role: 'SUPER_ADMIN' }))).toEqual(STEP_UP_REQUIRED)
    expect(
      await refusal(
        client.invitations.importApply({
          key: 'import-1',
          rows: [{ line: 2, email: 'ivo@example.test', role: 'super admin', name: '', team: '' }],
        }),
      ),
    ).toEqual(STEP_UP_REQUIRED)
    expect(await refusal(client.organisations.create({ name: 'Second', slug: 'second', isAdminTenant: true, isDemo: false }))).toEqual(
      STEP_UP_REQUIRED,
    )
    expect(await backend.services.users.get(op.actor, agent.id)).toMatchObject({ role: 'ADMIN' })
    await client.auth.stepUp({ password: OPERATOR.admin.password })
    await client.users.update({ id: agent.id, role: 'SUPER_ADMIN' })
    expect(await backend.services.users.get(op.actor, agent.id)).toMatchObject({ role: 'SUPER_ADMIN' })

    // An ADMIN whose sign-in is old is refused for their role, as before: FORBIDDEN without the reason.
    const admin = await seedUser(backend, op.tenantId, 'ADMIN', 'Ann Admin')
    const { client: adminClient } = await connectShell(server!.url)
    await adminClient.auth.signIn({ email: admin.email, password: PASSWORD })
    clock.advance(STEP_UP_WINDOW_MS)
    expect(await refusal(adminClient.backups.start())).toEqual([ErrorCode.FORBIDDEN, null])
    expect(await refusal(adminClient.users.update({ id: agent.id, role: 'SUPER_ADMIN' }))).not.toEqual(STEP_UP_REQUIRED)

    // Resetting someone's second factor asks an ADMIN too; proven again, the reset itself runs (here:
    // nothing to reset, which only the operation can tell).
    const other = await seedUser(backend, op.tenantId, 'AGENT', 'Bo Agent')
    expect(await refusal(adminClient.users.resetSecondFactor({ id: other.id }))).toEqual(STEP_UP_REQUIRED)
    await adminClient.auth.stepUp({ password: PASSWORD })
    expect(await refusal(adminClient.users.resetSecondFactor({ id: other.id }))).toEqual([ErrorCode.CONFLICT, 'NO_SECOND_FACTOR'])
  })

  it('asks before an organisation stops requiring a second factor, not before it starts', async () => {
    const { services, clock, client, op, code } = await operatorOn(engine, { withApp: true })
    clock.advance(STEP_UP_WINDOW_MS)
    await client.organisations.setSecondFactorRequired({ id: op.tenantId, required: true })
    const off = { id: op.tenantId, required: false }
    expect(await refusal(client.organisations.setSecondFactorRequired(off))).toEqual(STEP_UP_REQUIRED)
    expect((await services.organisations.get(op.actor, op.tenantId)).requireSecondFactor).toBe(true)
    await client.auth.stepUp({ code: code() })
    await client.organisations.setSecondFactorRequired(off)
    expect((await services.organisations.get(op.actor, op.tenantId)).requireSecondFactor).toBe(false)
  })

  it('lists operations of the contract only', () => {
    const operations = operationsOf(contract)
    for (const name of Object.keys(STEP_UP_OPERATIONS)) expect(operations).toContain(name)
  })
})
