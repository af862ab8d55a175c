import { describe, expect, it } from 'vitest'
import { HELP_ORIGIN, LICENCE_VENDOR_ORIGIN, allowedExternalOrigins, isAllowedExternalUrl } from './external-links'

const allowed = allowedExternalOrigins({ instanceUrl: 'https://msp.example.com:8443/console/' })

describe('links opened in the user browser', () => {
  it.each([
    `${HELP_ORIGIN}/`,
    `${HELP_ORIGIN}/guides/users?x=1#invite`,
    `${LICENCE_VENDOR_ORIGIN}/renew`,
    'HTTPS://HELP.SWITCHBOARD.INVALID/Guide',
    'https://help.switchboard.invalid:443/',
    'https://msp.example.com:8443/#/admin/users',
  ])('opens %s', (link) => {
    expect(isAllowedExternalUrl(link, allowed)).toBe(true)
  })

  it.each([
    ['a look-alike suffix', 'https://help.switchboard.invalid.attacker.test/'],
    ['a look-alike prefix', 'https://evilhelp.switchboard.invalid/'],
    ['a sub-domain', 'https://x.help.switchboard.invalid/'],
    ['a trailing dot', 'https://help.switchboard.invalid./'],
    ['userinfo before the real host', 'https://help.switchboard.invalid@attacker.test/'],
    ['userinfo with a password', 'https://help.switchboard.invalid:pw@attacker.test/'],
    ['credentials for an allowed host', 'https://user:pw@help.switchboard.invalid/'],
    ['a backslash trick', 'https://attacker.test\\@help.switchboard.invalid/'],
    ['http', 'http://help.switchboard.invalid/'],
    ['javascript:', 'javascript:alert(document.domain)//https://help.switchboard.invalid/'],
    ['file:', 'file:///etc/passwd'],
    ['a custom protocol', 'ms-msdt:/id PCWDiagnostic'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['the instance on another port', 'https://msp.example.com/'],
    ['an unlisted host', 'https://attacker.test/'],
    ['an IDN look-alike', 'https://һelp.switchboard.invalid/'],
    ['no URL at all', 'help.switchboard.invalid'],
    ['an empty string', ''],
  ])('refuses %s', (_label, link) => {
    expect(isAllowedExternalUrl(link, allowed)).toBe(false)
  })

  it('adds the connected instance only when it is https without credentials', () => {
    expect(allowedExternalOrigins({ instanceUrl: 'https://msp.example.com' }).has('https://msp.example.com')).toBe(true)
    expect(allowedExternalOrigins({ instanceUrl: 'http://msp.example.com' }).size).toBe(2)
    expect(allowedExternalOrigins({ instanceUrl: 'https://u:p@msp.example.com' }).size).toBe(2)
    expect(allowedExternalOrigins({ instanceUrl: 'switchboard://app' }).size).toBe(2)
    expect(allowedExternalOrigins().size).toBe(2)
  })
})
