import { describe, expect, it } from 'vitest'
import { renderSignature, signatureProblem, unknownPlaceholders } from './signature'

const values = {
  'agent.name': 'Nia Agent',
  'agent.email': 'nia@northwind.test',
  'team.name': 'Service Desk',
  'organisation.name': 'Northwind MSP',
}

describe('team signatures', () => {
  it('renders every placeholder, with or without spaces, over several lines', () => {
    const template = '-- \n{{agent.name}} ({{ agent.email }})\n{{team.name}} · {{organisation.name}}'
    expect(renderSignature(template, values)).toBe('-- \nNia Agent (nia@northwind.test)\nService Desk · Northwind MSP')
    expect(signatureProblem(template)).toBeNull()
  })

  it('refuses unknown placeholders by name, each once', () => {
    const template = '{{agent.phone}} {{agent.name}} {{ ticket.id }} {{agent.phone}}'
    expect(unknownPlaceholders(template)).toEqual(['agent.phone', 'ticket.id'])
    expect(signatureProblem(template)).toMatch(/^Unknown placeholders: \{\{agent\.phone\}\}, \{\{ticket\.id\}\}\./)
  })

  it('leaves text without placeholders alone', () => {
    expect(renderSignature('Thanks, the team', values)).toBe('Thanks, the team')
  })
})
