import { Button, Group, Tabs, Title } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import type { Me } from '../../../../shared/contract'
import { canManageUsers } from '../../lib/format'
import { navigate } from '../../lib/router'
import { InvitationsTable } from './invitations-table'
import { InviteUserModal } from './invite-user.modal'
import { UsersTable } from './users-table'

/** Admin → Users, with its Pending Invitations tab. */
export function UsersPage({ me, tab }: { me: Me; tab: 'users' | 'invitations' }) {
  const [inviting, invite] = useDisclosure()
  const manager = canManageUsers(me.user.role)
  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={1} size="h2">
          Users
        </Title>
        {manager && <Button onClick={invite.open}>+ Invite User</Button>}
      </Group>
      {manager ? (
        <Tabs
          value={tab}
          onChange={(value) => navigate(value === 'invitations' ? '/admin/users/invitations' : '/admin/users')}
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
