import { NavLink } from '@mantine/core'
import { useRouter, type AnyRoute, type RegisteredRouter } from '@tanstack/react-router'
import type { Me } from '../../../shared/contract'
import { NavItemLink } from '../components/links'
import { useDemoStatus } from '../lib/demo'
import { useSignedInMe } from '../lib/session'
import { mayOpen, type AccessRule } from '../router/access'

// Index routes also appear with a trailing slash; the sidebar links to the plain path.
type NavPath = Exclude<keyof RegisteredRouter['routesByPath'], `${string}/`> | '/'
/** `demoOnly`: shown in a demo store only (Settings → Demo). */
type NavEntry = { label: string; to: NavPath; exact?: boolean; demoOnly?: boolean } | { label: string; group: NavEntry[] }

/** The sidebar's shape, with the admin guide's menu names. Who sees an entry comes from its route. */
const NAV: NavEntry[] = [
  { label: 'Overview', to: '/', exact: true },
  { label: 'Helpdesk', group: [{ label: 'Tickets', to: '/helpdesk/tickets' }] },
  {
    label: 'Admin',
    group: [
      { label: 'Users', to: '/admin/users' },
      { label: 'All Invitations', to: '/admin/invitations' },
      { label: 'Helpdesk', group: [{ label: 'Teams', to: '/admin/helpdesk/teams' }] },
      { label: 'Organisations', to: '/admin/organisations' },
      { label: 'Licence', to: '/admin/licence' },
      { label: 'Audit Log', to: '/admin/audit' },
      {
        label: 'Settings',
        group: [
          { label: 'Email', to: '/admin/settings/email' },
          { label: 'Backups', to: '/admin/settings/backups' },
          { label: 'Security', to: '/admin/settings/security' },
          { label: 'Demo', to: '/admin/settings/demo', demoOnly: true },
        ],
      },
    ],
  },
  { label: 'Outbox', to: '/outbox' },
]

/** The access rules on a route and every route above it: what the route guard checks on arrival. */
function rulesOf(route: AnyRoute | undefined): (AccessRule | undefined)[] {
  const rules: (AccessRule | undefined)[] = []
  for (let r = route; r; r = r.parentRoute) rules.push(r.options.staticData?.access)
  return rules
}

/** The entries of `entries` that `me` may open; groups without any are left out. */
function visible(entries: NavEntry[], me: Me, routeOf: (to: NavPath) => AnyRoute, demo: boolean): NavEntry[] {
  return entries.flatMap((entry): NavEntry[] => {
    if ('to' in entry) return mayOpen(me, rulesOf(routeOf(entry.to))) && (demo || !entry.demoOnly) ? [entry] : []
    const group = visible(entry.group, me, routeOf, demo)
    return group.length ? [{ ...entry, group }] : []
  })
}

export function Sidebar({ onNavigate }: { onNavigate: () => void }) {
  const me = useSignedInMe()
  const router = useRouter()
  const demo = useDemoStatus().data?.demo ?? false
  const render = (entries: NavEntry[]) =>
    entries.map((entry) =>
      'to' in entry ? (
        <NavItemLink
          key={entry.to}
          to={entry.to}
          label={entry.label}
          // The router marks the entry of the current screen (or of a screen under it) active.
          activeOptions={{ exact: entry.exact ?? false }}
          activeProps={{ active: true }}
          onClick={onNavigate}
        />
      ) : (
        // A group header opens and closes its entries: a real button, announced as expanded or not.
        <NavLink key={entry.label} component="button" type="button" label={entry.label} defaultOpened childrenOffset="md">
          {render(entry.group)}
        </NavLink>
      ),
    )
  return <>{render(visible(NAV, me, (to) => router.routesByPath[to], demo))}</>
}

/** A screen of the sidebar as the command palette lists it: its path of menu names ("Admin → Users") and address. */
export interface Screen {
  label: string
  to: NavPath
}

/** Every sidebar screen `me` may open, flattened with the names of the groups above it. */
export function useScreens(): Screen[] {
  const me = useSignedInMe()
  const router = useRouter()
  const demo = useDemoStatus().data?.demo ?? false
  const flatten = (entries: NavEntry[], above: string[]): Screen[] =>
    entries.flatMap((entry) =>
      'to' in entry ? [{ label: [...above, entry.label].join(' → '), to: entry.to }] : flatten(entry.group, [...above, entry.label]),
    )
  return flatten(
    visible(NAV, me, (to) => router.routesByPath[to], demo),
    [],
  )
}
