import { authed } from '../../rpc/base'
import type { OverviewService } from './overview.service'

export const overviewHandlers = (overview: OverviewService) => ({
  get: authed.overview.get.handler(({ context }) => overview.get(context.actor)),
})
