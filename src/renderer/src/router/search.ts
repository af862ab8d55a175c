import { organisationListInputSchema, userListInputSchema } from '../../../shared/contract'

/**
 * List filters and sort live in the URL, so they survive "← Users", a reload and a tab switch. They
 * are the list operations' own input fields, with the contract's rules and defaults. A hand-edited
 * or outdated URL falls back to the defaults instead of an error page.
 */
const usersSearch = userListInputSchema.pick({ search: true, role: true, status: true, sort: true, direction: true })
export const USERS_SEARCH_DEFAULTS = usersSearch.parse({})
export const usersSearchSchema = usersSearch.catch(USERS_SEARCH_DEFAULTS)
export type UsersSearch = typeof USERS_SEARCH_DEFAULTS

const organisationsSearch = organisationListInputSchema.pick({ search: true })
export const organisationsSearchSchema = organisationsSearch.catch({})
