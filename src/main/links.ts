import type { InstanceConfig } from './config'

/**
 * Links put in emails are built from the instance's public URL — a setting, or the
 * host's own address — never from a request's Host header.
 */
export function createLinks(config: InstanceConfig) {
  let hostBase = 'switchboard://app'
  const base = () => (config.publicUrl ?? hostBase).replace(/\/+$/, '')
  return {
    /** Called by the host once it knows its own address (the browser shell after listening). */
    setHostBase(url: string) {
      hostBase = url
    },
    base,
    // The token travels in the fragment, which browsers never send to a server.
    register: (token: string) => `${base()}/#/register/${token}`,
    resetPassword: (token: string) => `${base()}/#/reset-password/${token}`,
  }
}

export type Links = ReturnType<typeof createLinks>
