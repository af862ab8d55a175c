import '@mantine/spotlight/styles.css'
import { Badge, Button, Group, Kbd, Loader, Text } from '@mantine/core'
import { createSpotlight, Spotlight, useSpotlight } from '@mantine/spotlight'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useRouter } from '@tanstack/react-router'
import { lazy, Suspense, useEffect, useLayoutEffect, useState, type ReactNode } from 'react'
import { managesUsers } from '../../../shared/access'
import { MenuCommand } from '../../../shared/ipc'
import { toAppError } from '../../../shared/errors'
import { orpc } from '../lib/bridge'
import { roleLabel } from '../lib/format'
import { useSearchTerm } from '../lib/search-term'
import { notify } from '../lib/notices'
import { useSignedInMe } from '../lib/session'
import { useSwitchTenant } from '../lib/tenant'
import { useScreens } from './sidebar'

const InviteUserModal = lazy(() => import('../pages/users/invite-user.modal').then((m) => ({ default: m.InviteUserModal })))

/** The palette's own store: its shortcut, its button and the desktop menu open this one. */
const [store, palette] = createSpotlight()

const LIST_ID = 'command-palette-results'
const LISTBOX_ID = 'command-palette-listbox'
const optionId = (key: string) => `command-palette-${key.replace(/[^\w-]/g, '-')}`

/** One entry of the list: what it is called, where it sits, and what choosing it does. */
interface Item {
  key: string
  group: 'Go to' | 'Users' | 'Organisations' | 'Actions'
  label: string
  description?: string
  badge?: ReactNode
  /** Keeps the palette open (the tenant list replaces the results). */
  staysOpen?: boolean
  run: () => void | Promise<void>
}

const GROUPS: Item['group'][] = ['Go to', 'Users', 'Organisations', 'Actions']
const contains = (text: string, term: string) => text.toLowerCase().includes(term.toLowerCase())

/**
 * The first entry becomes the selected one whenever the list changes: Enter opens what is on top,
 * and no stale row keeps the mark (Spotlight marks the selected DOM node with data-selected).
 */
function selectFirst(keys: string) {
  const list = document.getElementById(LIST_ID)
  list?.querySelector('[data-selected]')?.removeAttribute('data-selected')
  const first = list?.querySelector('[data-action]')
  first?.setAttribute('data-selected', 'true')
  store.updateState((state) => ({ ...state, selected: first && keys ? 0 : -1 }))
}

/** The header's button that opens the palette, with its shortcut. */
export function CommandPaletteButton() {
  return (
    <Button
      variant="default"
      size="xs"
      onClick={palette.open}
      aria-keyshortcuts="Control+K Meta+K"
      rightSection={<Kbd size="xs">Ctrl K</Kbd>}
    >
      Command palette
    </Button>
  )
}

/**
 * Ctrl/Cmd+K (issue 20): every screen of the sidebar, users and organisations found on the server
 * as you type (for Admin Tenant members in every tenant; a user of another tenant is opened after
 * switching there), and Invite user, Invite from file, Switch tenant, Return to home tenant. A combobox over a
 * listbox for screen readers: the search box names the highlighted entry (aria-activedescendant).
 */
export function CommandPalette() {
  const me = useSignedInMe()
  const router = useRouter()
  const switchTenant = useSwitchTenant()
  const screens = useScreens()
  const { opened, selected } = useSpotlight(store)
  const [query, setQuery] = useState('')
  const [choosingTenant, setChoosingTenant] = useState(false)
  const [inviting, setInviting] = useState(false)
  const term = query.trim()
  const debounced = useSearchTerm(term)

  const found = useQuery(
    orpc.search.palette.queryOptions({
      input: { term: debounced },
      enabled: opened && !choosingTenant && debounced.length > 0,
      placeholderData: keepPreviousData,
    }),
  )
  const tenants = useQuery(
    orpc.auth.switchableTenants.queryOptions({
      input: { search: debounced || undefined },
      enabled: opened && choosingTenant,
      placeholderData: keepPreviousData,
    }),
  )

  async function switchTo(tenantId: string, then?: () => Promise<unknown>) {
    try {
      if (tenantId !== me.actingTenant.id) await switchTenant.mutateAsync(tenantId)
      await then?.()
    } catch (error) {
      notify({ tone: 'warning', title: 'Could not switch tenant', message: toAppError(error).message })
    }
  }

  const items = choosingTenant ? tenantItems() : searchItems()
  const keys = items.map((i) => i.key).join('\n')
  useLayoutEffect(() => selectFirst(keys), [keys, opened])
  useEffect(() => {
    if (!opened) setChoosingTenant(false)
  }, [opened])
  // The desktop menu's View → Command Palette… (Ctrl/Cmd+K, which the menu takes before the page).
  // Subscribed before the palette's button is painted: once it shows, the menu command is heard.
  useLayoutEffect(() => window.switchboard?.onMenuCommand((command) => command === MenuCommand.OPEN_COMMAND_PALETTE && palette.open()), [])

  function tenantItems(): Item[] {
    return (tenants.data ?? []).map((t) => ({
      key: `tenant-${t.id}`,
      group: 'Organisations',
      label: t.name,
      description: t.current ? `${t.slug} · current` : t.slug,
      badge: t.isDemo ? <Badge size="xs">Demo</Badge> : undefined,
      run: () => switchTo(t.id),
    }))
  }

  function searchItems(): Item[] {
    const list: Item[] = screens
      .filter((s) => !term || contains(s.label, term))
      .map((s) => ({ key: `screen-${s.to}`, group: 'Go to', label: s.label, run: () => router.navigate({ to: s.to }) }))
    // Results for the text on screen only: a previous answer is kept while the next one comes.
    const hits = term && found.data ? found.data : { users: [], organisations: [] }
    for (const u of hits.users) {
      const elsewhere = u.tenant.id !== me.actingTenant.id
      list.push({
        key: `user-${u.id}`,
        group: 'Users',
        label: u.name,
        description: `${u.email} · ${roleLabel(u.role)}${u.active ? '' : ' · inactive'}${elsewhere ? ` · in ${u.tenant.name} (switches tenant)` : ''}`,
        run: () => switchTo(u.tenant.id, () => router.navigate({ to: '/admin/users/$id', params: { id: u.id } })),
      })
    }
    for (const o of hits.organisations) {
      list.push({
        key: `organisation-${o.id}`,
        group: 'Organisations',
        label: o.name,
        description: me.canSwitchTenant && o.id !== me.actingTenant.id ? `${o.slug} · switch to this tenant` : o.slug,
        badge: o.isDemo ? <Badge size="xs">Demo</Badge> : undefined,
        run: () => (me.canSwitchTenant ? switchTo(o.id) : router.navigate({ to: '/' })),
      })
    }
    const actions: Item[] = []
    if (managesUsers(me.user.role)) {
      actions.push({ key: 'action-invite', group: 'Actions', label: 'Invite user', run: () => setInviting(true) })
      actions.push({
        key: 'action-invite-file',
        group: 'Actions',
        label: 'Invite from file',
        run: () => router.navigate({ to: '/admin/users/import' }),
      })
    }
    if (me.canSwitchTenant) {
      actions.push({
        key: 'action-switch',
        group: 'Actions',
        label: 'Switch tenant',
        staysOpen: true,
        run: () => {
          setChoosingTenant(true)
          setQuery('')
        },
      })
    }
    if (me.actingTenant.id !== me.homeTenant.id) {
      actions.push({
        key: 'action-home',
        group: 'Actions',
        label: 'Return to home tenant',
        description: me.homeTenant.name,
        run: () => switchTo(me.homeTenant.id),
      })
    }
    return [...list, ...actions.filter((a) => !term || contains(a.label, term))]
  }

  const loading = choosingTenant ? tenants.isFetching : term.length > 0 && (found.isFetching || debounced !== term)
  const failed = choosingTenant ? tenants.error : found.error
  const active = selected >= 0 ? items[selected] : undefined
  const status = failed
    ? toAppError(failed).message
    : loading
      ? 'Searching…'
      : items.length === 0
        ? choosingTenant
          ? 'No organisation matches.'
          : 'Nothing found. Try part of a name, an email or a slug.'
        : `${items.length} ${items.length === 1 ? 'result' : 'results'}`

  return (
    <>
      <Spotlight.Root
        store={store}
        query={query}
        onQueryChange={setQuery}
        shortcut={['mod + K']}
        // The dialog's name; its header is not shown (the search box is the palette's first line).
        title="Command palette"
        // Descriptions at full strength: Spotlight dims them below the contrast text needs.
        styles={{ header: { display: 'none' }, actionDescription: { opacity: 1, color: 'inherit' } }}
      >
        <Spotlight.Search
          role="combobox"
          aria-label={choosingTenant ? 'Organisation to switch into' : 'Search screens, users and organisations'}
          aria-expanded={items.length > 0}
          aria-controls={items.length > 0 ? LISTBOX_ID : undefined}
          aria-autocomplete="list"
          aria-activedescendant={active ? optionId(active.key) : undefined}
          placeholder={choosingTenant ? 'Organisation to switch into: name or slug' : 'Go to a screen, find a user or an organisation…'}
          rightSection={loading ? <Loader size="xs" aria-hidden /> : undefined}
        />
        {items.length > 0 ? (
          <Spotlight.ActionsList
            id={LIST_ID}
            // A list taller than the window scrolls: its scroller is a tab stop, so the keyboard can scroll it too
            // (handed on to Mantine's ScrollArea, which the list is; its props type leaves it out).
            {...({ viewportProps: { tabIndex: 0 } } as object)}
          >
            <div role="listbox" id={LISTBOX_ID} aria-label={choosingTenant ? 'Organisations' : 'Results'}>
              {GROUPS.map((group) => {
                const inGroup = items.filter((i) => i.group === group)
                if (inGroup.length === 0) return null
                return (
                  <Spotlight.ActionsGroup key={group} label={group} role="group" aria-label={group}>
                    {inGroup.map((item) => (
                      <Spotlight.Action
                        key={item.key}
                        // Spotlight keeps an action's `id` prop to itself: the option's id (for aria-activedescendant) is set here.
                        ref={(element: HTMLButtonElement | null) => {
                          if (element) element.id = optionId(item.key)
                        }}
                        role="option"
                        aria-selected={item === active}
                        label={item.label}
                        description={item.description}
                        rightSection={item.badge}
                        closeSpotlightOnTrigger={!item.staysOpen}
                        onClick={() => void item.run()}
                      />
                    ))}
                  </Spotlight.ActionsGroup>
                )
              })}
            </div>
          </Spotlight.ActionsList>
        ) : null}
        <Spotlight.Footer>
          <Group justify="space-between" gap="xs">
            <Text size="xs" c={failed ? 'red' : 'dimmed'} role="status">
              {status}
            </Text>
            <Text size="xs" c="dimmed">
              ↑ ↓ to move, Enter to choose, Esc to close
            </Text>
          </Group>
        </Spotlight.Footer>
      </Spotlight.Root>
      {inviting ? (
        <Suspense fallback={null}>
          <InviteUserModal me={me} opened onClose={() => setInviting(false)} />
        </Suspense>
      ) : null}
    </>
  )
}

/** The button and the palette together: one chunk, loaded just after the console's first paint. */
export function CommandPaletteEntry() {
  return (
    <>
      <CommandPaletteButton />
      <CommandPalette />
    </>
  )
}
