import { Alert } from '@mantine/core'
import type { Me } from '../../../shared/contract'

/** Shown whenever the session acts in a tenant other than the user's own. */
export function TenantBanner({ me }: { me: Me }) {
  if (me.actingTenant.id === me.homeTenant.id) return null
  return (
    <Alert color="yellow" mb="md" role="status" title={`You are working in ${me.actingTenant.name}`}>
      Changes you make apply to {me.actingTenant.name}, not {me.homeTenant.name}.
    </Alert>
  )
}
