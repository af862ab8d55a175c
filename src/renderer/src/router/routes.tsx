import {
  createHashHistory,
  createRootRoute,
  createRoute,
  createRouter,
  lazyRouteComponent,
  notFound,
  Outlet,
  stripSearchParams,
  useParams,
} from '@tanstack/react-router'
import { lazy, Suspense, type ComponentType } from 'react'
import { Loading } from '../components/loading'
import { orpc } from '../lib/bridge'
import { askAheadForOverview } from '../lib/overview'
import { queryClient } from '../lib/query-client'
import { askAheadForUsers } from '../lib/users-list'
import { NotFoundPage, RouteErrorPage } from '../pages/route-status'
import { ConsoleLayout } from '../shell/console-layout'
import { DesktopChrome } from '../shell/desktop-chrome'
import { ScreenAccess } from './access'
import {
  auditSearchSchema,
  INVITATIONS_SEARCH_DEFAULTS,
  invitationsSearchSchema,
  organisationsSearchSchema,
  USERS_SEARCH_DEFAULTS,
  usersSearchSchema,
} from './search'

/*
 * Each screen is its own chunk, fetched when its route is first opened (or a link to it is hovered):
 * the console's first paint loads only the shell.
 */
const OverviewPage = lazyRouteComponent(() => import('../pages/overview.page'), 'OverviewPage')
const UsersPage = lazyRouteComponent(() => import('../pages/users/users.page'), 'UsersPage')
const UserPage = lazyRouteComponent(() => import('../pages/users/user.page'), 'UserPage')
const InviteFromFilePage = lazyRouteComponent(() => import('../pages/users/invite-from-file.page'), 'InviteFromFilePage')
const AllInvitationsPage = lazyRouteComponent(() => import('../pages/users/all-invitations.page'), 'AllInvitationsPage')
const OutboxPage = lazyRouteComponent(() => import('../pages/outbox.page'), 'OutboxPage')
const TicketsPage = lazyRouteComponent(() => import('../pages/tickets.page'), 'TicketsPage')
const TeamsPage = lazyRouteComponent(() => import('../pages/teams/teams.page'), 'TeamsPage')
const TeamPage = lazyRouteComponent(() => import('../pages/teams/team.page'), 'TeamPage')
const OrganisationsPage = lazyRouteComponent(() => import('../pages/organisations/organisations.page'), 'OrganisationsPage')
const OrganisationPage = lazyRouteComponent(() => import('../pages/organisations/organisation.page'), 'OrganisationPage')
const LicencePage = lazyRouteComponent(() => import('../pages/licence.page'), 'LicencePage')
const AuditLogPage = lazyRouteComponent(() => import('../pages/audit/audit-log.page'), 'AuditLogPage')
const EmailSettingsPage = lazyRouteComponent(() => import('../pages/settings/email-settings.page'), 'EmailSettingsPage')
const SecuritySettingsPage = lazyRouteComponent(() => import('../pages/settings/security-settings.page'), 'SecuritySettingsPage')
const BackupsPage = lazyRouteComponent(() => import('../pages/settings/backups.page'), 'BackupsPage')
const DemoSettingsPage = lazyRouteComponent(() => import('../pages/demo/demo-settings.page'), 'DemoSettingsPage')
const AccountPage = lazyRouteComponent(() => import('../pages/account/account.page'), 'AccountPage')
const TicketPage = lazyRouteComponent(() => import('../pages/tickets/ticket.page'), 'TicketPage')
const RegisterPage = lazyRouteComponent(() => import('../pages/register.page'), 'RegisterPage')
const ResetPasswordPage = lazyRouteComponent(() => import('../pages/reset-password.page'), 'ResetPasswordPage')

// Notices (`notifications.show`) wait in their store until this container has loaded; it is not needed for the first paint.
const Notifications = lazy(() => import('@mantine/notifications').then((m) => ({ default: m.Notifications })))

/**
 * A record's screen at `…/$id`, keyed by the id so each record starts afresh. An id in the address
 * that is not one (hand-edited, cut short) is a page that does not exist.
 */
function recordScreen(Page: ComponentType<{ id: string }> & { preload?: () => Promise<void> | undefined }) {
  return {
    loader: () => Page.preload?.(),
    // The contract's id rule comes with zod, which the console's first load leaves out.
    beforeLoad: async ({ params }: { params: { id: string } }) => {
      const { idSchema } = await import('../../../shared/contract/common')
      if (!idSchema.safeParse(params.id).success) throw notFound()
    },
    component: function RecordScreen() {
      const { id = '' } = useParams({ strict: false })
      return <Page key={id} id={id} />
    },
  }
}

const rootRoute = createRootRoute({
  component: () => (
    <>
      {/* Bottom right: clear of the header, the tenant banner and the forms' own buttons. */}
      <Suspense>
        <Notifications position="bottom-right" />
      </Suspense>
      <Outlet />
      {/* Inside the router: its menu commands switch tenants, which navigates. */}
      <DesktopChrome />
    </>
  ),
  // An address that matches nothing (or cannot even be decoded, like `#/admin/users/%`) still gets the console around it.
  notFoundComponent: () => (
    <ConsoleLayout>
      <NotFoundPage />
    </ConsoleLayout>
  ),
})

// Email links (`#/register/<token>`, `#/reset-password/<token>`; see src/main/links.ts) open without a session.
const registerRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'register/$token',
  loader: () => RegisterPage.preload?.(),
  component: function Register() {
    const { token } = registerRoute.useParams()
    return <RegisterPage key={token} token={token} />
  },
})
const resetPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'reset-password/$token',
  loader: () => ResetPasswordPage.preload?.(),
  component: function ResetPassword() {
    const { token } = resetPasswordRoute.useParams()
    return <ResetPasswordPage key={token} token={token} />
  },
})

/** Everything else is the console: setup, sign-in, or the signed-in shell around the screen. */
const consoleRoute = createRoute({ getParentRoute: () => rootRoute, id: 'console', component: ConsoleLayout })

const overviewRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: '/',
  // The figures are asked for on the way in, and waited for a moment: the screen is drawn with them.
  loader: () => askAheadForOverview(queryClient, queryClient.getQueryData(orpc.auth.me.queryKey())),
  component: OverviewPage,
})

const usersRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: 'admin/users',
  validateSearch: usersSearchSchema,
  search: { middlewares: [stripSearchParams(USERS_SEARCH_DEFAULTS)] },
})
const usersListRoute = createRoute({
  getParentRoute: () => usersRoute,
  path: '/',
  loaderDeps: ({ search }) => search,
  // On the way in (and as a link here is pointed at or focused, or a tenant switch lands) the first page
  // is asked for at once, before the screen is drawn (drawing it takes the main thread for a while):
  // the table finds its rows in the cache, or on their way. Each preload asks again, unless the page it
  // asked for last is still waiting for the table (ask-ahead.ts); after a switch the cache holds none of
  // the old tenant's.
  preloadStaleTime: 0,
  loader: ({ deps }) => {
    const me = queryClient.getQueryData(orpc.auth.me.queryKey())
    if (me && !me.enrolmentOnly) askAheadForUsers(queryClient, deps, deps.search)
    return UsersPage.preload?.()
  },
  component: () => <UsersPage tab="users" />,
})
const invitationsRoute = createRoute({
  getParentRoute: () => usersRoute,
  path: 'invitations',
  staticData: { access: ScreenAccess.userManagers },
  loader: () => UsersPage.preload?.(),
  component: () => <UsersPage tab="invitations" />,
})
/** Admin → Users → Invite from file (issue 20): a CSV file's dry run, then Send Invitations. */
const inviteFromFileRoute = createRoute({
  getParentRoute: () => usersRoute,
  path: 'import',
  staticData: { access: ScreenAccess.userManagers },
  loader: () => InviteFromFilePage.preload?.(),
  component: InviteFromFilePage,
})
const userRoute = createRoute({
  getParentRoute: () => usersRoute,
  path: '$id',
  staticData: { access: ScreenAccess.userManagers },
  ...recordScreen(UserPage),
})

/** Admin → All Invitations (issue 20): the queue across the tenants this user may act in. */
const allInvitationsRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: 'admin/invitations',
  staticData: { access: ScreenAccess.userManagers },
  validateSearch: invitationsSearchSchema,
  search: { middlewares: [stripSearchParams(INVITATIONS_SEARCH_DEFAULTS)] },
  loader: () => AllInvitationsPage.preload?.(),
  component: AllInvitationsPage,
})

const outboxRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: 'outbox',
  staticData: { access: ScreenAccess.userManagers },
  component: OutboxPage,
})

const ticketsRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: 'helpdesk/tickets',
  staticData: { access: ScreenAccess.helpdesk },
})
const ticketsListRoute = createRoute({ getParentRoute: () => ticketsRoute, path: '/', component: TicketsPage })
const ticketRoute = createRoute({
  getParentRoute: () => ticketsRoute,
  path: '$id',
  ...recordScreen(TicketPage),
})
const teamsRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: 'admin/helpdesk/teams',
  staticData: { access: ScreenAccess.helpdesk },
})
const teamsListRoute = createRoute({ getParentRoute: () => teamsRoute, path: '/', component: TeamsPage })
const teamRoute = createRoute({
  getParentRoute: () => teamsRoute,
  path: '$id',
  ...recordScreen(TeamPage),
})

const organisationsRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: 'admin/organisations',
  staticData: { access: ScreenAccess.instanceAdmins },
  validateSearch: organisationsSearchSchema,
  search: { middlewares: [stripSearchParams({ search: undefined })] },
})
const organisationsListRoute = createRoute({ getParentRoute: () => organisationsRoute, path: '/', component: OrganisationsPage })
const organisationRoute = createRoute({
  getParentRoute: () => organisationsRoute,
  path: '$id',
  ...recordScreen(OrganisationPage),
})

const licenceRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: 'admin/licence',
  staticData: { access: ScreenAccess.instanceAdmins },
  component: LicencePage,
})

const auditRoute = createRoute({
  getParentRoute: () => consoleRoute,
  path: 'admin/audit',
  staticData: { access: ScreenAccess.auditReaders },
  validateSearch: auditSearchSchema,
  component: AuditLogPage,
})

// Every signed-in user's own: no access rule.
const accountRoute = createRoute({ getParentRoute: () => consoleRoute, path: 'account', component: AccountPage })

// Each screen of Settings says who may open it: Security is an ADMIN's too (their own organisation's rule).
const settingsRoute = createRoute({ getParentRoute: () => consoleRoute, path: 'admin/settings' })
const instanceAdmins = { access: ScreenAccess.instanceAdmins }
const emailSettingsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'email',
  component: EmailSettingsPage,
  staticData: instanceAdmins,
})
const backupsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'backups',
  component: BackupsPage,
  staticData: instanceAdmins,
})
const demoSettingsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'demo',
  component: DemoSettingsPage,
  staticData: instanceAdmins,
})
const securitySettingsRoute = createRoute({
  getParentRoute: () => settingsRoute,
  path: 'security',
  component: SecuritySettingsPage,
  staticData: { access: ScreenAccess.userManagers },
})

const routeTree = rootRoute.addChildren([
  registerRoute,
  resetPasswordRoute,
  consoleRoute.addChildren([
    overviewRoute,
    usersRoute.addChildren([usersListRoute, invitationsRoute, inviteFromFileRoute, userRoute]),
    allInvitationsRoute,
    outboxRoute,
    ticketsRoute.addChildren([ticketsListRoute, ticketRoute]),
    teamsRoute.addChildren([teamsListRoute, teamRoute]),
    organisationsRoute.addChildren([organisationsListRoute, organisationRoute]),
    licenceRoute,
    auditRoute,
    accountRoute,
    settingsRoute.addChildren([emailSettingsRoute, backupsRoute, demoSettingsRoute, securitySettingsRoute]),
  ]),
])

/**
 * Hash routes (`#/admin/users`): they work the same from file:// in the desktop app and over HTTP in
 * the browser shell, and email links carry their tokens in the fragment, which no server sees.
 */
export const router = createRouter({
  routeTree,
  history: createHashHistory(),
  // A record route that refuses its id (recordScreen) shows this in its place, inside the console.
  defaultNotFoundComponent: NotFoundPage,
  defaultErrorComponent: RouteErrorPage,
  // While a screen's chunk is on its way (rarely noticeable: hovering a link already fetches it).
  defaultPendingComponent: () => <Loading label="Loading" />,
  defaultPreload: 'intent',
  // Back to a long list (by "← Users" as by Back): the window scrolls to where it was on that same
  // address, and the virtual rows redraw there from the cache.
  scrollRestoration: true,
  getScrollRestorationKey: (location) => location.href,
})

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router
  }
}
