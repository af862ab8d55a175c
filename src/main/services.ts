import type { Clock } from './clock'
import type { InstanceConfig } from './config'
import type { Engine } from './db/engine'
import type { OpenStoreOptions } from './db/store'
import { createDeniedRecorder } from './features/audit/denied'
import { createAuditLogService } from './features/audit/audit-log.service'
import { createBackupsService } from './features/backups/backups.service'
import { createDemoService, type DemoStoreHost } from './features/demo/demo.service'
import { createEmailSettingsService } from './features/settings/email-settings.service'
import { createAuthService } from './features/auth/auth.service'
import { createFactorsService } from './features/factors/factors.service'
import { createHelpdeskService } from './features/helpdesk/helpdesk.service'
import { createIdempotencyService } from './features/idempotency/idempotency.service'
import { createInvitationImportService } from './features/invitations/invitation-import.service'
import { createInvitationsService } from './features/invitations/invitations.service'
import { createOutboxService } from './features/outbox/outbox.service'
import { createOverviewService } from './features/overview/overview.service'
import { createSearchService } from './features/search/search.service'
import { createSetupService } from './features/setup/setup.service'
import { createTeamsService } from './features/teams/teams.service'
import { createUsersService } from './features/users/users.service'
import { createLinks } from './links'
import { relyingPartyOf } from './features/factors/relying-party'
import { createMailer } from './mail/mailer'
import { BUILT_IN_LICENCE_KEY } from './licence/licence-file'
import { createLicenceService } from './features/licence/licence.service'
import { createOrganisationsService } from './features/organisations/organisations.service'
import type { SecretStore } from './secrets/keychain'
import { lazyInstanceKey } from './security/instance-key'

/** What the composition root needs beyond the store and clock: where the store lives, and the host's secrets. */
export interface ServiceOptions extends OpenStoreOptions {
  dataDir: string
  /** The OS keychain in the app; tests hand in a keychain of their own (or one that fails, as a machine without one). */
  secrets: SecretStore
  /** Public keys trusted for licences; defaults to the one built into the app. */
  licenceKeys?: readonly string[]
  /** The host that can swap this store for an empty one (Reset demo, Start my own console); none in tests that build services alone. */
  storeHost?: DemoStoreHost
}
import { createSecuritySettingsService } from './features/settings/security-settings.service'
import { createThrottle } from './features/throttle/throttle.service'

/** The composition root of the backend: every service over one engine (SQLite or PostgreSQL) and clock. */
export function createServices(engine: Engine, clock: Clock, config: InstanceConfig, options: ServiceOptions) {
  const { dataDir, secrets, licenceKeys = [BUILT_IN_LICENCE_KEY], storeHost, ...storeOptions } = options
  const links = createLinks(config)
  const mailer = createMailer(engine, clock, config, secrets)
  const licence = createLicenceService(engine, clock, licenceKeys)
  const organisations = createOrganisationsService(engine, clock, licence)
  const throttle = createThrottle(engine, clock)
  const denied = createDeniedRecorder(engine, clock)
  // Each made on first use (a desktop store that never serves an idempotent call or enrols an app
  // never gets the file), and shared by every process of an instance as its data folder is.
  const fingerprintKey = lazyInstanceKey(dataDir, 'fingerprint')
  const factorKey = lazyInstanceKey(dataDir, 'factor')
  // Passkeys belong to the console's own address (public URL, or the browser shell's loopback), read at each use.
  const relyingParty = () => relyingPartyOf(links.base())
  const factors = createFactorsService(engine, clock, factorKey, throttle, denied, mailer, relyingParty, config.superAdminSecondFactor)
  const auth = createAuthService(engine, clock, organisations.featuresOfRow, throttle, denied, factors)
  const invitations = createInvitationsService(engine, clock, mailer, links, throttle, denied)
  const idempotency = createIdempotencyService(engine, clock, fingerprintKey)
  const auditLog = createAuditLogService(engine, clock)
  return {
    links,
    auth,
    factors,
    licence,
    organisations,
    setup: createSetupService(engine, clock),
    users: createUsersService(engine, clock, mailer, links, organisations),
    invitations,
    invitationImport: createInvitationImportService(engine, invitations, idempotency),
    outbox: createOutboxService(engine),
    denied,
    helpdesk: createHelpdeskService(engine, clock, organisations),
    teams: createTeamsService(engine, clock, organisations),
    emailSettings: createEmailSettingsService(engine, clock, config, secrets, mailer),
    securitySettings: createSecuritySettingsService(engine, clock, config),
    backups: createBackupsService(engine, clock, { dataDir, ...storeOptions }),
    auditLog,
    idempotency,
    search: createSearchService(engine),
    overview: createOverviewService(engine, clock, { invitations, auditLog }),
    demo: createDemoService(engine, clock, storeHost ?? null),
  }
}

export type Services = ReturnType<typeof createServices>
