import { describe, expect, it } from 'vitest'
import { slugQuestionForTenants } from './slug-question'

const home = { id: 'h', name: 'Northwind MSP', slug: 'northwind' }
const fabrikam = { id: 'f', name: 'Fabrikam Ltd', slug: 'fabrikam' }
const contoso = { id: 'c', name: 'Contoso Dental', slug: 'contoso-dental' }

describe('slugQuestionForTenants', () => {
  it('asks nothing when every row is of the home tenant (or there are none)', () => {
    expect(slugQuestionForTenants(home.id, [home, home])).toBeNull()
    expect(slugQuestionForTenants(home.id, [])).toBeNull()
  })

  it('asks for the slug when the rows touch one other tenant, whatever else they touch at home', () => {
    expect(slugQuestionForTenants(home.id, [home, fabrikam, fabrikam])).toEqual({
      word: 'fabrikam',
      description: 'This changes Fabrikam Ltd, not your home tenant.',
    })
  })

  it('asks for the number of other tenants when there are several, naming them in order', () => {
    expect(slugQuestionForTenants(home.id, [fabrikam, home, contoso, fabrikam])).toEqual({
      word: '2',
      description: 'This changes 2 organisations other than your home tenant: Contoso Dental, Fabrikam Ltd. Type how many.',
    })
  })
})
