import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AUDIT_RESULTS, INVITATION_STATUSES, ROLES, USER_SORTS } from '../../../shared/contract/constants'
import { idSchema } from '../../../shared/contract/common'
import { invitationQueueInputSchema } from '../../../shared/contract/users.contract'
import { organisationListInputSchema, searchTermSchema, userListInputSchema } from '../../../shared/contract'
import {
  auditSearchSchema,
  INVITATION_AGE_DAYS,
  INVITATIONS_SEARCH_DEFAULTS,
  invitationsSearchSchema,
  organisationsSearchSchema,
  USER_STATUSES,
  USERS_SEARCH_DEFAULTS,
  usersSearchSchema,
} from './search'

// The route search is parsed without zod (it is on the console's first load); these hold it to the contract's schemas.
/** What the router hands a route's validateSearch: the address's parsed search, any JSON. */
const address = (search: unknown) => search as never

const contractUsers = userListInputSchema.pick({ search: true, role: true, status: true, sort: true, direction: true })

const validUsers = fc.record(
  {
    search: fc.string({ maxLength: 40 }).filter((s) => s.trim() !== '' && searchTermSchema.safeParse(s).success),
    role: fc.constantFrom(...ROLES),
    status: fc.constantFrom(...USER_STATUSES),
    sort: fc.constantFrom(...USER_SORTS),
    direction: fc.constantFrom('asc' as const, 'desc' as const),
  },
  { requiredKeys: [] },
)

describe('route search without zod', () => {
  it('has the contract defaults for Admin → Users', () => {
    expect(USERS_SEARCH_DEFAULTS).toEqual(contractUsers.parse({}))
    expect(usersSearchSchema(address({}))).toEqual(contractUsers.parse({}))
  })

  it('reads every valid Admin → Users address as the contract does', () => {
    fc.assert(
      fc.property(validUsers, (search) => {
        expect(usersSearchSchema(address(search))).toEqual(contractUsers.parse(search))
      }),
    )
  })

  it('drops a field the contract refuses, alone, and keeps the others', () => {
    const address = { search: 'ann', role: 'OWNER', status: 'active', sort: 'shoe size', direction: 'sideways' } as never
    expect(usersSearchSchema(address)).toEqual({ search: 'ann', status: 'active', sort: 'name', direction: 'asc' })
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const parsed = usersSearchSchema({ search: value } as never)
        const contract = searchTermSchema.safeParse(value)
        // Empty text is no search; anything else is kept exactly when the contract takes it.
        expect(parsed.search).toBe(contract.success && contract.data !== '' ? contract.data : undefined)
      }),
    )
  })

  it('reads Admin → Organisations and the Audit Log fields by the contract', () => {
    expect(organisationsSearchSchema(address({ search: '  acme ' }))).toEqual(
      organisationListInputSchema.pick({ search: true }).parse({ search: 'acme' }),
    )
    expect(organisationsSearchSchema({ search: 'a\u0007' } as never)).toEqual({})
    for (const result of AUDIT_RESULTS) expect(auditSearchSchema(address({ result })).result).toBe(result)
    expect(auditSearchSchema({ result: 'maybe', actorEmail: 7, target: 'x' } as never)).toEqual({ target: 'x' })
  })
})

describe('Admin → All Invitations address', () => {
  const contractQueue = invitationQueueInputSchema.pick({ tenantId: true, role: true, status: true, minAgeDays: true })
  const validQueue = fc.record(
    {
      tenantId: fc.uuid(),
      role: fc.constantFrom(...ROLES),
      status: fc.constantFrom(...INVITATION_STATUSES),
      minAgeDays: fc.constantFrom(...INVITATION_AGE_DAYS),
    },
    { requiredKeys: [] },
  )

  it('has the contract defaults', () => {
    expect(INVITATIONS_SEARCH_DEFAULTS).toEqual(contractQueue.parse({}))
    expect(invitationsSearchSchema(address({}))).toEqual(contractQueue.parse({}))
  })

  it('reads every address the screen writes as the contract does', () => {
    fc.assert(
      fc.property(validQueue, (search) => {
        expect(invitationsSearchSchema(address(search))).toEqual(contractQueue.parse(search))
      }),
    )
  })

  it('keeps an organisation id exactly when the contract takes it', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uuid(), fc.string(), fc.anything()), (value) => {
        const parsed = invitationsSearchSchema(address({ tenantId: value }))
        expect(parsed.tenantId).toBe(idSchema.safeParse(value).success ? value : undefined)
      }),
    )
  })

  it('drops a bad field alone, back to its default, and takes an age typed as text', () => {
    const bad = { tenantId: 'fabrikam', role: 'OWNER', status: 'lost', minAgeDays: 400 }
    expect(invitationsSearchSchema(address(bad))).toEqual({ status: 'all' })
    expect(invitationsSearchSchema(address({ ...bad, status: 'expired', minAgeDays: '3' }))).toEqual({ status: 'expired', minAgeDays: 3 })
    // An age the contract takes but the screen does not offer is no age filter (the Age box could not show it).
    expect(invitationsSearchSchema(address({ minAgeDays: 2 })).minAgeDays).toBeUndefined()
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const parsed = invitationsSearchSchema(address({ tenantId: value, role: value, status: value, minAgeDays: value }))
        expect(contractQueue.safeParse(parsed).success).toBe(true)
      }),
    )
  })
})
