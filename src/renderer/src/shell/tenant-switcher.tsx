import { Badge, Combobox, Group, InputBase, Loader, Text, useCombobox } from '@mantine/core'
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'
import type { Me, SwitchableTenant } from '../../../shared/contract'
import { SWITCHER_LIMIT } from '../../../shared/contract/constants'
import { toAppError } from '../../../shared/errors'
import { orpc } from '../lib/bridge'
import { useSearchTerm } from '../lib/search-term'
import { useSwitchTenant } from '../lib/tenant'

/** Mirrors the backend's match (name or slug contains the text), to narrow a list fetched for other text. */
function matchesText(tenant: SwitchableTenant, text: string): boolean {
  const needle = text.trim().toLowerCase()
  return !needle || tenant.name.toLowerCase().includes(needle) || tenant.slug.toLowerCase().includes(needle)
}

/**
 * The tenant switcher at the bottom of the left sidebar (Admin Tenant members): a button showing
 * the acting tenant that opens a list of every organisation to switch into, the current one first,
 * then the recently used ones, then the rest by name. The search box inside filters on the server.
 */
export function TenantSwitcher({ me }: { me: Me }) {
  const [search, setSearch] = useState('')
  const debounced = useSearchTerm(search.trim())
  const combobox = useCombobox({
    onDropdownOpen: () => combobox.focusSearchInput(),
    onDropdownClose: () => {
      combobox.resetSelectedOption()
      setSearch('')
      combobox.focusTarget()
    },
  })
  // Organisations come and go while the console is open: the list is asked for as the switcher opens (each
  // time), and not while it is closed: not as the console or a tenant's screen is drawn, nor when a pick clears the text.
  const listFor = (text: string) => orpc.auth.switchableTenants.queryOptions({ input: { search: text || undefined } })
  const tenants = useQuery({ ...listFor(debounced), placeholderData: keepPreviousData, enabled: combobox.dropdownOpened })
  // Pointing at the switcher fetches the full list ahead, so it is there as it opens.
  const client = useQueryClient()
  const fetchAhead = () => void client.prefetchQuery(listFor(''))
  const switchTenant = useSwitchTenant()
  // The desktop app's Tenant → Switch Tenant… menu opens this same switcher.
  const open = useRef(combobox.openDropdown)
  open.current = combobox.openDropdown
  useEffect(() => window.switchboard?.onMenuCommand((command) => command === 'switch-tenant' && open.current()), [])

  // While the answer for newly typed text is on its way, the previous list is narrowed here rather
  // than shown whole, so no option appears only to vanish under the pointer.
  const shown = (tenants.data ?? []).filter((t) => matchesText(t, search))
  const waiting = tenants.isFetching && debounced !== search.trim()

  return (
    <>
      <Combobox
        store={combobox}
        position="top-start"
        withinPortal
        onOptionSubmit={(id) => {
          combobox.closeDropdown()
          if (id !== me.actingTenant.id) switchTenant.mutate(id)
        }}
      >
        <Combobox.Target targetType="button">
          <InputBase
            component="button"
            type="button"
            pointer
            label="Tenant"
            aria-label="Switch tenant"
            rightSection={switchTenant.isPending ? <Loader size="xs" /> : <Combobox.Chevron />}
            rightSectionPointerEvents="none"
            disabled={switchTenant.isPending}
            onClick={() => combobox.toggleDropdown()}
            onPointerEnter={fetchAhead}
          >
            <Text span size="sm" truncate>
              {me.actingTenant.name}
            </Text>
          </InputBase>
        </Combobox.Target>

        <Combobox.Dropdown miw={280}>
          <Combobox.Search
            value={search}
            onChange={(event) => {
              setSearch(event.currentTarget.value)
              combobox.resetSelectedOption()
            }}
            placeholder="Search organisations"
            aria-label="Search organisations"
            rightSection={waiting ? <Loader size="xs" /> : null}
          />
          <Combobox.Options aria-label="Organisations" mah={320} style={{ overflowY: 'auto' }}>
            {tenants.isPending ? (
              <Combobox.Empty>Loading organisations…</Combobox.Empty>
            ) : tenants.isError ? (
              <Combobox.Empty>{toAppError(tenants.error).message}</Combobox.Empty>
            ) : shown.length === 0 ? (
              <Combobox.Empty>{waiting ? 'Searching…' : 'No organisation matches'}</Combobox.Empty>
            ) : (
              shown.map((t) => (
                <Combobox.Option value={t.id} key={t.id} active={t.current} aria-selected={t.current}>
                  <Group justify="space-between" wrap="nowrap" gap="xs">
                    <Text span size="sm" truncate>
                      {t.name}
                    </Text>
                    <Group gap={4} wrap="nowrap">
                      {t.current && <Badge size="xs">Current</Badge>}
                      {t.recent && (
                        <Badge size="xs" variant="light" color="gray">
                          Recent
                        </Badge>
                      )}
                      {t.isDemo && (
                        <Badge size="xs" variant="light" color="orange">
                          Demo
                        </Badge>
                      )}
                    </Group>
                  </Group>
                </Combobox.Option>
              ))
            )}
          </Combobox.Options>
          {shown.length >= SWITCHER_LIMIT && (
            <Combobox.Footer>
              <Text size="xs" c="dimmed">
                Showing the first {SWITCHER_LIMIT}: type to find others.
              </Text>
            </Combobox.Footer>
          )}
        </Combobox.Dropdown>
      </Combobox>
      {switchTenant.isError && (
        <Text size="xs" c="red" role="alert" mt={4}>
          {toAppError(switchTenant.error).message}
        </Text>
      )}
    </>
  )
}
