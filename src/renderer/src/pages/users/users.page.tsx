import { Button, Group, Tabs, Title } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { Link, useNavigate } from '@tanstack/react-router'
import { managesUsers } from '../../../../shared/access'
import { useSignedInMe } from '../../lib/session'
import { InvitationsTable } from './invitations-table'
import { InviteUserModal } from './invite-user.modal'
import { UsersTable } from './users-table'

/** Admin → Users, with its Pending Invitations tab. */
export function UsersPage({ tab }: { tab: 'users' | 'invitations' }) {
  const me = useSignedInMe()
  const navigate = useNavigate()
  const [inviting, invite] = useDisclosure()
  const manager = managesUsers(me.user.role)
  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={1} size="h2">
          Users
        </Title>
        {manager && (
          <Group gap="sm">
            <Button variant="default" component={Link} to="/admin/users/import">
              Invite from file
            </Button>
            <Button onClick={invite.open}>+ Invite User</Button>
          </Group>
        )}
      </Group>
      {manager ? (
        <Tabs
          value={tab}
          // The list's filters stay in the address across the tabs.
          onChange={(value) => void navigate({ to: value === 'invitations' ? '/admin/users/invitations' : '/admin/users', search: true })}
          keepMounted={false}
        >
          <Tabs.List mb="md">
            <Tabs.Tab value="users">Users</Tabs.Tab>
            <Tabs.Tab value="invitations">Pending Invitations</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="users">
            <UsersTable canOpen />
          </Tabs.Panel>
          <Tabs.Panel value="invitations">
            <InvitationsTable myRole={me.user.role} />
          </Tabs.Panel>
        </Tabs>
      ) : (
        <UsersTable canOpen={false} />
      )}
      {manager && <InviteUserModal me={me} opened={inviting} onClose={invite.close} />}
    </>
  )
}
