import { Alert, Button, Group, Text } from '@mantine/core'
import type { Me } from '../../../shared/contract'
import { roleLabel } from '../lib/format'
import { useSwitchTenant } from '../lib/tenant'

/** Shown whenever the session acts in a tenant other than the user's own. */
export function TenantBanner({ me }: { me: Me }) {
  const switchTenant = useSwitchTenant()
  if (me.actingTenant.id === me.homeTenant.id) return null
  return (
    <Alert color="yellow" mb="md" role="status" title={`You are working in ${me.actingTenant.name}`}>
      <Group justify="space-between" wrap="wrap">
        <Text size="sm">
          Changes you make apply to {me.actingTenant.name}, not {me.homeTenant.name}. Your own role ({roleLabel(me.user.role)}) applies
          here.
        </Text>
        <Button
          size="xs"
          variant="white"
          color="dark"
          loading={switchTenant.isPending}
          onClick={() => switchTenant.mutate(me.homeTenant.id)}
        >
          Return to {me.homeTenant.name}
        </Button>
      </Group>
    </Alert>
  )
}
