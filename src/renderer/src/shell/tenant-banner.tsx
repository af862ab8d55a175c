import { Alert, Button, Group, Text } from '@mantine/core'
import { useEffect } from 'react'
import type { Me } from '../../../shared/contract'
import { roleLabel } from '../lib/format'
import { useSwitchTenant } from '../lib/tenant'
import { tenantColour } from '../lib/tenant-colour'

/**
 * The acting tenant in the document's title, which the desktop window and the taskbar show: a
 * console left open in a customer's tenant says so even from behind other windows.
 */
export function useTenantTitle(me: Me) {
  const { name, isDemo } = me.actingTenant
  const away = me.actingTenant.id !== me.homeTenant.id
  useEffect(() => {
    document.title = `${name}${isDemo ? ' (Demo)' : ''}${away ? ' · not your home tenant' : ''} — Switchboard`
    return () => {
      document.title = 'Switchboard'
    }
  }, [name, isDemo, away])
}

/**
 * Shown whenever the session acts in a tenant other than the user's own, in that tenant's own colour
 * (the same every time: see tenantColour). At home there is no banner.
 */
export function TenantBanner({ me }: { me: Me }) {
  const switchTenant = useSwitchTenant()
  if (me.actingTenant.id === me.homeTenant.id) return null
  const colour = tenantColour(me.actingTenant.id)
  return (
    <Alert
      color={colour}
      variant="light"
      mb="md"
      role="status"
      title={`You are working in ${me.actingTenant.name}`}
      data-tenant-colour={colour}
      // The colour is the tint and the stripe; the text stays the body's, well above 4.5:1 on any tint.
      styles={{ title: { color: 'var(--mantine-color-text)' } }}
      style={{ borderInlineStart: `6px solid var(--mantine-color-${colour}-filled)` }}
    >
      <Group justify="space-between" wrap="wrap">
        <Text size="sm">
          Changes you make apply to {me.actingTenant.name} ({me.actingTenant.slug}), not {me.homeTenant.name}. Your own role (
          {roleLabel(me.user.role)}) applies here.
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
