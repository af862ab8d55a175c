import { parseArgs } from 'node:util'
import { setupInputSchema } from '../../shared/contract'
import { AppError, fieldErrorsFrom } from '../../shared/errors'
import { openBackend } from '../backend'
import { defaultDataDir } from '../data-dir'
import { DATABASE_FLAG, DATABASE_HELP, databaseUrl, openPgCliBackend } from './database-option'
import { CliError, type Io } from './io'

export const INIT_HELP = `switchboard init — create the operator's organisation and first SUPER_ADMIN, headless

Usage:
  switchboard init --org-name NAME --org-slug SLUG --admin-email EMAIL --admin-name NAME
                   [--super-admin-second-factor required|optional] [--data DIR | --database URL]

Options:
  --data DIR           Data directory (default: ${defaultDataDir()})
${DATABASE_HELP}
  --org-name NAME      The operator's organisation; it becomes the Admin Tenant
  --org-slug SLUG      URL-safe slug: lowercase letters, digits, single hyphens, 2–63 characters
  --admin-email EMAIL  The first SUPER_ADMIN's email (used to sign in)
  --admin-name NAME    The first SUPER_ADMIN's display name
  --super-admin-second-factor required|optional
                       Whether every SUPER_ADMIN must have a second factor (default: required;
                       the first one then sets up an authenticator app at their first sign-in)
  -h, --help           Show this help

The password (at least 12 characters) is read from SWITCHBOARD_ADMIN_PASSWORD, or else from
standard input (first line). It is never printed or logged.
`

export async function initCommand(argv: string[], io: Io): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      ...DATABASE_FLAG,
      'org-name': { type: 'string' },
      'org-slug': { type: 'string' },
      'admin-email': { type: 'string' },
      'admin-name': { type: 'string' },
      'super-admin-second-factor': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  })
  if (values.help) {
    io.out(INIT_HELP)
    return
  }
  const rule = values['super-admin-second-factor'] ?? 'required'
  if (rule !== 'required' && rule !== 'optional') {
    throw new CliError(`Cannot initialise:\n  --super-admin-second-factor: "required" or "optional"\n\nSee "switchboard init --help".`, 2)
  }
  const password = io.env.SWITCHBOARD_ADMIN_PASSWORD ?? (await io.readStdinLine())
  const parsed = setupInputSchema.safeParse({
    organisation: { name: values['org-name'] ?? '', slug: values['org-slug'] ?? '' },
    admin: { name: values['admin-name'] ?? '', email: values['admin-email'] ?? '', password: password ?? '' },
    requireSecondFactorForSuperAdmins: rule === 'required',
  })
  if (!parsed.success) {
    const flag: Record<string, string> = {
      'organisation.name': '--org-name',
      'organisation.slug': '--org-slug',
      'admin.name': '--admin-name',
      'admin.email': '--admin-email',
      'admin.password': 'password (SWITCHBOARD_ADMIN_PASSWORD or stdin)',
    }
    const lines = Object.entries(fieldErrorsFrom(parsed.error.issues)).map(([path, message]) => `  ${flag[path] ?? path}: ${message}`)
    throw new CliError(`Cannot initialise:\n${lines.join('\n')}\n\nSee "switchboard init --help".`, 2)
  }
  const dataDir = values.data ?? defaultDataDir()
  const url = databaseUrl(values, io.env)
  const backend = url ? await openPgCliBackend({ url, dataDir }) : openBackend({ dataDir })
  try {
    const created = await backend.services.setup.run(parsed.data)
    io.out(
      `Initialised ${'pg' in backend ? backend.pg.where : dataDir}\n  organisation: ${parsed.data.organisation.name} (${parsed.data.organisation.slug}), Admin Tenant, id ${created.organisationId}\n  SUPER_ADMIN:  ${parsed.data.admin.name} <${parsed.data.admin.email}>\n  second factor: ${rule} for every SUPER_ADMIN${rule === 'required' ? ' (set up at the first sign-in)' : ''}\n`,
    )
  } catch (error) {
    if (error instanceof AppError) throw new CliError(error.message, 1)
    throw error
  } finally {
    await backend.close()
  }
}
