import { describe, expect, it } from 'vitest'
import { readInstanceConfig } from './config'

describe('SWITCHBOARD_SUPER_ADMIN_SECOND_FACTOR', () => {
  it('reads required / optional (and the usual yes-no spellings); unset leaves the stored setting in charge', () => {
    const rule = (value?: string) => readInstanceConfig({ SWITCHBOARD_SUPER_ADMIN_SECOND_FACTOR: value }).superAdminSecondFactor
    expect([rule('required'), rule(' Required '), rule('1'), rule('on')]).toEqual([true, true, true, true])
    expect([rule('optional'), rule('false'), rule('0'), rule('off')]).toEqual([false, false, false, false])
    expect([rule(undefined), rule('')]).toEqual([undefined, undefined])
  })

  it('stops the start on anything else, naming the variable (a typo must not leave SUPER_ADMINs unprotected)', () => {
    expect(() => readInstanceConfig({ SWITCHBOARD_SUPER_ADMIN_SECOND_FACTOR: 'requried' })).toThrow(
      'SWITCHBOARD_SUPER_ADMIN_SECOND_FACTOR must be "required" or "optional" (it is "requried").',
    )
  })
})
