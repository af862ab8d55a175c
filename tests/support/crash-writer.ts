/**
 * A console process doing acknowledged writes until it is killed, for the crash-safety test.
 * It prints "ack …" only after a write returned, i.e. after its transaction committed:
 * whatever it acknowledged must survive a SIGKILL.
 *   node --import tsx tests/support/crash-writer.ts DATA_DIR [JOURNAL_FILE]
 */
import fs from 'node:fs'
import { openBackend } from '../../src/main/backend'
import { Role } from '../../src/shared/contract'
import { OPERATOR } from './operator'
import { seedOperator, seedUser } from './seed'

const POOL = 5
// A journal file, written synchronously before the next step: a line on a pipe can still sit in this
// process's buffer when it is killed (the pipe was full), and then a write it announced looks lost.
const journal = process.argv[3]
const say = (line: string) => (journal ? fs.appendFileSync(journal, `${line}\n`) : process.stdout.write(`${line}\n`))

const dataDir = process.argv[2]!
const backend = openBackend({ dataDir, config: { mailFrom: 'Switchboard <no-reply@switchboard.test>' } })
const { services } = backend

async function operator() {
  if (!(await services.setup.status()).needsSetup) {
    const { token } = await services.auth.signIn(OPERATOR.admin.email, OPERATOR.admin.password)
    return (await services.auth.resolve(token))!
  }
  const op = await seedOperator(backend)
  for (let i = 0; i < POOL; i++) await seedUser(backend, op.tenantId, Role.AGENT, `Pool Agent ${i}`)
  return op.actor
}

const actor = await operator()
const pool = (await services.users.list(actor, { sort: 'name', direction: 'asc', status: 'all', limit: 50 })).items.filter((u) =>
  u.name.startsWith('Pool Agent'),
)
process.stdout.write('ready\n')
for (let i = 0; ; i++) {
  const email = `crash-${process.pid}-${i}@example.test`
  await services.invitations.create(actor, { email, role: Role.AGENT })
  say(`ack invite ${email}`)
  const user = pool[i % pool.length]!
  const was = (await services.users.get(actor, user.id)).role
  const role = was === Role.AGENT ? Role.ADMIN : Role.AGENT
  // The role read is committed: until this change is acknowledged, the user may still hold it.
  say(`begin role ${user.id} ${role} ${was}`)
  await services.users.update(actor, { id: user.id, role })
  say(`ack role ${user.id} ${role}`)
}
