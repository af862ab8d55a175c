import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: [
      'src/**/*.test.ts',
      'tests/integration/**/*.test.ts',
      'tests/config/**/*.test.ts',
      'tests/security/**/*.test.ts',
      'tests/api/**/*.test.ts',
    ],
    environment: 'node',
    // Once per run: whether the OS credential store is there for the keychain suites.
    globalSetup: ['tests/support/vitest-setup.ts'],
    // argon2 hashing is deliberately slow; leave room on a 2-core machine.
    testTimeout: 30_000,
  },
})
