import { Select, Text } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'
import type { Me } from '../../../shared/contract'
import { toAppError } from '../../../shared/errors'
import { rpc } from '../lib/bridge'
import { useSwitchTenant } from '../lib/tenant'

/** The tenant switcher at the bottom of the left sidebar (Admin Tenant members). */
export function TenantSwitcher({ me }: { me: Me }) {
  const [search, setSearch] = useState('')
  const [debounced] = useDebouncedValue(search, 200)
  const tenants = useQuery({
    queryKey: ['switchable-tenants', debounced],
    queryFn: () => rpc.auth.switchableTenants({ search: debounced || undefined }),
    placeholderData: keepPreviousData,
  })
  const switchTenant = useSwitchTenant()
  const input = useRef<HTMLInputElement>(null)
  // The desktop app's Tenant → Switch Tenant… menu opens this same switcher.
  useEffect(() => window.switchboard?.onMenuCommand((command) => command === 'switch-tenant' && input.current?.click()), [])
  const options = (tenants.data ?? []).map((t) => ({ value: t.id, label: t.isDemo ? `${t.name} (demo)` : t.name }))
  if (!options.some((o) => o.value === me.actingTenant.id)) options.unshift({ value: me.actingTenant.id, label: me.actingTenant.name })

  return (
    <>
      <Select
        ref={input}
        label="Tenant"
        aria-label="Tenant switcher"
        data={options}
        value={me.actingTenant.id}
        searchable
        searchValue={search}
        onSearchChange={setSearch}
        filter={({ options }) => options}
        nothingFoundMessage={tenants.isFetching ? 'Searching…' : 'No organisation matches'}
        onChange={(id) => {
          if (id && id !== me.actingTenant.id) switchTenant.mutate(id)
        }}
        disabled={switchTenant.isPending}
        allowDeselect={false}
        comboboxProps={{ position: 'top' }}
      />
      {switchTenant.isError && (
        <Text size="xs" c="red" role="alert" mt={4}>
          {toAppError(switchTenant.error).message}
        </Text>
      )}
    </>
  )
}

/** Where the switcher would be, for users who cannot switch: the tenant's name. */
export function TenantName({ me }: { me: Me }) {
  const [explained, setExplained] = useState(false)
  // The desktop menu's Switch Tenant… is there for everyone; say why nothing opens.
  useEffect(() => window.switchboard?.onMenuCommand((command) => command === 'switch-tenant' && setExplained(true)), [])
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
