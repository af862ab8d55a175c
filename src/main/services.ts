import type { Clock } from './clock'
import type { InstanceConfig } from './config'
import type { Db } from './db/store'
import { createDeniedRecorder } from './features/audit/denied'
import { createAuthService } from './features/auth/auth.service'
import { createHelpdeskService } from './features/helpdesk/helpdesk.service'
import { createInvitationsService } from './features/invitations/invitations.service'
import { createOutboxService } from './features/outbox/outbox.service'
import { createSetupService } from './features/setup/setup.service'
import { createTeamsService } from './features/teams/teams.service'
import { createUsersService } from './features/users/users.service'
import { createLinks } from './links'
import { createMailer } from './mail/mailer'
import { BUILT_IN_LICENCE_KEY } from './licence/licence-file'
import { createLicenceService } from './features/licence/licence.service'
import { createOrganisationsService } from './features/organisations/organisations.service'
import { createThrottle } from './features/throttle/throttle.service'

/** The composition root of the local backend: every service over one store and clock. */
export function createServices(db: Db, clock: Clock, config: InstanceConfig, licenceKeys: readonly string[] = [BUILT_IN_LICENCE_KEY]) {
  const links = createLinks(config)
  const mailer = createMailer(db, clock, config)
  const licence = createLicenceService(db, clock, licenceKeys)
  const organisations = createOrganisationsService(db, clock, licence)
  const throttle = createThrottle(db, clock)
  const denied = createDeniedRecorder(db, clock)
  const auth = createAuthService(db, clock, organisations.featuresOf, throttle, denied)
  return {
    links,
    auth,
    licence,
    organisations,
    setup: createSetupService(db, clock),
    users: createUsersService(db, clock, mailer, links, organisations),
    invitations: createInvitationsService(db, clock, mailer, links, throttle),
    outbox: createOutboxService(db),
    denied,
    helpdesk: createHelpdeskService(db, clock, organisations),
    teams: createTeamsService(db, clock, organisations),
  }
}

export type Services = ReturnType<typeof createServices>
