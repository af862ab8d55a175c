import { AUDIT_HELP, auditCommand } from './audit.command'
import { BACKUP_HELP, backupCommand, RESTORE_HELP, restoreCommand } from './backup.command'
import { CHECK_HELP, checkCommand } from './check.command'
import { DEMO_HELP, demoCommand } from './demo.command'
import { INIT_HELP, initCommand } from './init.command'
import { INSTANCE_HELP, instanceCommand } from './instance.command'
import { CliError, processIo, type Io } from './io'
import { LICENCE_HELP, licenceCommand } from './licence.command'
import { START_HELP, startCommand } from './start.command'

const HELP = `switchboard — admin console for multi-tenant MSP platforms

Usage:
  switchboard <command> [options]

Commands:
  start    Run the console (desktop app, or the browser shell where Electron is missing)
  init     Create the operator's organisation and first SUPER_ADMIN without the UI
  licence  Show or install the instance licence
  backup   Copy the store while the console keeps running
  restore  Put a backup in place of the store
  audit    Check that the audit log has not been altered: switchboard audit verify
  instance Serve the store to many operators over HTTPS: switchboard instance serve
  check    Run a full integrity check of the store
  demo     Fill a store with synthetic data at scale: switchboard demo seed
  help     Show help for a command: switchboard help <command>

${START_HELP}
${INIT_HELP}
${LICENCE_HELP}
${BACKUP_HELP}
${RESTORE_HELP}
${AUDIT_HELP}
${INSTANCE_HELP}
${CHECK_HELP}
${DEMO_HELP}`

const commands: Record<string, { run: (argv: string[], io: Io) => Promise<void>; help: string }> = {
  start: { run: startCommand, help: START_HELP },
  init: { run: initCommand, help: INIT_HELP },
  licence: { run: licenceCommand, help: LICENCE_HELP },
  backup: { run: backupCommand, help: BACKUP_HELP },
  restore: { run: restoreCommand, help: RESTORE_HELP },
  audit: { run: auditCommand, help: AUDIT_HELP },
  instance: { run: instanceCommand, help: INSTANCE_HELP },
  check: { run: checkCommand, help: CHECK_HELP },
  demo: { run: demoCommand, help: DEMO_HELP },
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv
  try {
    if (!name || name === 'help' || name === '--help' || name === '-h') {
      io.out(commands[rest[0] ?? '']?.help ?? HELP)
      return 0
    }
    const command = commands[name]
    if (!command) throw new CliError(`Unknown command "${name}". Run "switchboard --help" for the list.`, 2)
    await command.run(rest, io)
    return 0
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`${error.message}\n`)
      return error.exitCode
    }
    // parseArgs reports unknown or malformed flags with a code of its own.
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${(error as Error).message}\nRun "switchboard ${name} --help".\n`)
      return 2
    }
    throw error
  }
}
