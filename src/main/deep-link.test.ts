import { describe, expect, it } from 'vitest'
import { deepLinkFromArgv, deepLinkRoute } from './deep-link'

const token = 'A'.repeat(40) + '_-9'

describe('switchboard:// deep links', () => {
  it('maps registration and reset links to their in-app routes', () => {
    expect(deepLinkRoute(`switchboard://app/#/register/${token}`)).toBe(`#/register/${token}`)
    expect(deepLinkRoute(`switchboard://app/#/reset-password/${token}`)).toBe(`#/reset-password/${token}`)
  })

  it('ignores other schemes, routes and malformed tokens', () => {
    expect(deepLinkRoute(`https://evil.test/#/register/${token}`)).toBeNull()
    expect(deepLinkRoute('switchboard://app/#/admin/users')).toBeNull()
    expect(deepLinkRoute('switchboard://app/#/register/short')).toBeNull()
    expect(deepLinkRoute(`switchboard://app/#/register/${token}/../../x`)).toBeNull()
    expect(deepLinkRoute('not a url')).toBeNull()
  })

  it('finds the link among command-line arguments', () => {
    expect(deepLinkFromArgv(['/opt/Switchboard/switchboard', '--data', '/tmp/x', `switchboard://app/#/register/${token}`])).toBe(
      `#/register/${token}`,
    )
    expect(deepLinkFromArgv(['/opt/Switchboard/switchboard'])).toBeNull()
  })
})
