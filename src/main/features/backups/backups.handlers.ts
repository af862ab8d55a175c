import { authed } from '../../rpc/base'
import { mapStreamErrors } from '../../rpc/errors'
import type { BackupsService } from './backups.service'

export const backupsHandlers = (backups: BackupsService) => ({
  list: authed.backups.list.handler(({ context }) => backups.list(context.actor)),
  start: authed.backups.start.handler(({ context }) => mapStreamErrors(backups.start(context.actor))),
})
