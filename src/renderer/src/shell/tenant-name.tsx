import { Text } from '@mantine/core'
import { useEffect, useState } from 'react'
import type { Me } from '../../../shared/contract'

/**
 * Where the switcher would be, for users who cannot switch: the tenant's name. Also what switchers
 * see for the moment the switcher itself is loading (without `explainMenu`).
 */
export function TenantName({ me, explainMenu = false }: { me: Me; explainMenu?: boolean }) {
  const [explained, setExplained] = useState(false)
  // The desktop menu's Switch Tenant… is there for everyone; say why nothing opens.
  useEffect(
    () => (explainMenu ? window.switchboard?.onMenuCommand((command) => command === 'switch-tenant' && setExplained(true)) : undefined),
    [explainMenu],
  )
  return (
    <>
      <Text size="xs" c="dimmed">
        Tenant
      </Text>
      <Text size="sm" fw={600} truncate>
        {me.actingTenant.name}
      </Text>
      {explained && (
        <Text size="xs" c="orange" role="status">
          Only members of the Admin Tenant can switch tenants.
        </Text>
      )}
    </>
  )
}
