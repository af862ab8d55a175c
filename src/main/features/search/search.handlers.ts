import { authed } from '../../rpc/base'
import type { SearchService } from './search.service'

export const searchHandlers = (search: SearchService) => ({
  palette: authed.search.palette.handler(({ input, context }) => search.palette(context.actor, input.term)),
})
