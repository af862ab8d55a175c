import { describe, expect, it } from 'vitest'
import { FEATURE_CODES } from '../../../shared/features'
import { DEMO_TENANCIES } from './demo-content'
import { generateDemo } from './demo-generator'

const ANCHOR = new Date('2026-11-20T09:00:00Z')
const DAY = 24 * 60 * 60 * 1000
/** RFC 2606 / RFC 6761: example.com, .net, .org (and their subdomains) and the .example TLD. */
const RESERVED = /@(?:[a-z0-9-]+\.)*(?:example|example\.com|example\.net|example\.org)$/
const EMAIL_IN_TEXT = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g

describe('the demo generator', () => {
  it('gives the same rows, ids included, for the same seed and anchor, and other rows for another seed', () => {
    expect(generateDemo(7, ANCHOR)).toEqual(generateDemo(7, ANCHOR))
    const other = generateDemo(8, ANCHOR)
    expect(other.users.map((u) => u.email)).not.toEqual(generateDemo(7, ANCHOR).users.map((u) => u.email))
    expect(other.organisations.map((o) => o.id)).not.toEqual(generateDemo(7, ANCHOR).organisations.map((o) => o.id))
  })

  it('makes an operator and the customer tenancies of different sizes and feature sets, one without the helpdesk', () => {
    const rows = generateDemo(1, ANCHOR)
    const [operator, ...customers] = rows.organisations
    expect(operator).toMatchObject({ isAdminTenant: true, isDemo: true })
    expect(customers.length).toBeGreaterThanOrEqual(4)
    expect(customers.every((c) => c.isDemo && !c.isAdminTenant)).toBe(true)
    const sizes = customers.map((c) => rows.users.filter((u) => u.tenantId === c.id).length)
    expect(sizes).toEqual(DEMO_TENANCIES.map((t) => t.users))
    expect(new Set(sizes).size).toBe(sizes.length)
    const features = customers.map((c) => c.featuresEnabled)
    expect(new Set(features).size).toBe(features.length)
    for (const f of features) if (f) expect(JSON.parse(f).every((code: string) => FEATURE_CODES.includes(code as never))).toBe(true)
    const withoutHelpdesk = customers.filter((c) => c.featuresEnabled && !JSON.parse(c.featuresEnabled).includes('helpdesk'))
    expect(withoutHelpdesk).toHaveLength(1)
    expect(rows.tickets.filter((t) => t.tenantId === withoutHelpdesk[0]!.id)).toEqual([])
    // The prospect: the operator's first SUPER_ADMIN, and a MANAGER of a team with a signature.
    const admin = rows.users.find((u) => u.id === rows.adminUserId)!
    expect(admin).toMatchObject({ tenantId: operator!.id, role: 'SUPER_ADMIN', active: true, passwordHash: null })
    const managed = rows.teamMembers.filter((m) => m.userId === admin.id && m.role === 'MANAGER')
    expect(managed.some((m) => rows.teams.find((t) => t.id === m.teamId)?.signature)).toBe(true)
  })

  it('fills each helpdesk tenancy with teams, managers, signatures, invitations, leavers with history and months of threads', () => {
    const rows = generateDemo(3, ANCHOR)
    const helpdesk = rows.organisations.filter((o) => !o.featuresEnabled || JSON.parse(o.featuresEnabled).includes('helpdesk'))
    expect(helpdesk.length).toBeGreaterThanOrEqual(4)
    for (const org of helpdesk) {
      const teams = rows.teams.filter((t) => t.tenantId === org.id)
      expect(teams.length, org.name).toBeGreaterThan(0)
      for (const team of teams)
        expect(
          rows.teamMembers.some((m) => m.teamId === team.id && m.role === 'MANAGER'),
          team.name,
        ).toBe(true)
      expect(teams.some((t) => t.signature)).toBe(true)
      const invitations = rows.invitations.filter((i) => i.tenantId === org.id)
      expect(invitations.some((i) => i.expiresAt.getTime() > ANCHOR.getTime())).toBe(true)
      expect(invitations.some((i) => i.expiresAt.getTime() <= ANCHOR.getTime())).toBe(true)
      const leavers = rows.users.filter((u) => u.tenantId === org.id && !u.active)
      expect(leavers.length, org.name).toBeGreaterThan(0)
      const tickets = rows.tickets.filter((t) => t.tenantId === org.id)
      const ages = tickets.map((t) => ANCHOR.getTime() - t.createdAt.getTime())
      expect(Math.max(...ages)).toBeGreaterThan(90 * DAY)
      expect(Math.min(...ages)).toBeLessThan(14 * DAY)
      expect(ages.every((a) => a > 0)).toBe(true)
    }
    // Leavers kept their history somewhere: comments and time entries by deactivated people.
    const leaverIds = new Set(rows.users.filter((u) => !u.active).map((u) => u.id))
    expect(rows.comments.some((c) => leaverIds.has(c.authorId))).toBe(true)
    expect(rows.timeEntries.some((t) => leaverIds.has(t.userId))).toBe(true)
    // Threads: requests, public replies and internal notes; public agent replies carry their team's signature.
    expect(rows.comments.length).toBeGreaterThan(rows.tickets.length * 2)
    expect(rows.comments.some((c) => !c.isPublic)).toBe(true)
    expect(rows.comments.some((c) => c.isPublic && c.body.includes('Kind regards,'))).toBe(true)
    expect(rows.comments.filter((c) => !c.isPublic).every((c) => !c.body.includes('Kind regards,'))).toBe(true)
    expect(rows.comments.every((c) => c.createdAt.getTime() < ANCHOR.getTime())).toBe(true)
    expect(rows.comments.every((c) => !/\{\{|\{[a-z]+\}/.test(c.body))).toBe(true)
    expect(rows.tickets.every((t) => !/\{[a-z]+\}/.test(t.subject))).toBe(true)
  })

  it('uses only reserved example domains, in addresses and in the text', () => {
    for (const seed of [1, 2, 3]) {
      const rows = generateDemo(seed, ANCHOR)
      const addresses = [
        ...rows.users.map((u) => u.email),
        ...rows.invitations.map((i) => i.email),
        ...rows.comments.flatMap((c) => c.body.match(EMAIL_IN_TEXT) ?? []),
        ...rows.teams.flatMap((t) => t.signature?.match(EMAIL_IN_TEXT) ?? []),
      ]
      expect(addresses.length).toBeGreaterThan(100)
      expect(addresses.filter((a) => !RESERVED.test(a.toLowerCase()))).toEqual([])
      const emails = [...rows.users, ...rows.invitations].map((r) => r.email.toLowerCase())
      expect(new Set(emails).size).toBe(emails.length)
    }
  })
})
