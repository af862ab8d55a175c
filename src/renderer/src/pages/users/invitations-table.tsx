import { Alert, Badge, Button, Group, Modal, Table, Text, Tooltip } from '@mantine/core'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { mayHandle } from '../../../../shared/access'
import { type Invitation, type Role } from '../../../../shared/contract'
import { Loading } from '../../components/loading'
import { toAppError } from '../../../../shared/errors'
import { rpc } from '../../lib/bridge'
import { formatDateTime, roleLabel, SUPER_ADMIN_ONLY } from '../../lib/format'
import { DeliveryNote } from './delivery-note'

export const invitationKeys = { list: ['invitations', 'list'] as const }

/** Admin → Users → Pending Invitations, with Resend and Revoke next to each. */
export function InvitationsTable({ myRole }: { myRole: Role }) {
  const client = useQueryClient()
  const list = useQuery({ queryKey: invitationKeys.list, queryFn: () => rpc.invitations.list() })
  const [revoking, setRevoking] = useState<Invitation | null>(null)
  const [notice, setNotice] = useState<React.ReactNode>(null)
  const refresh = () => client.invalidateQueries({ queryKey: invitationKeys.list })

  const resend = useMutation({
    mutationFn: (id: string) => rpc.invitations.resend({ id }),
    onSuccess: (result) => setNotice(<DeliveryNote result={result} verb="resent" />),
    onError: (error) =>
      setNotice(
        <Alert color="red" role="alert">
          {toAppError(error).message}
        </Alert>,
      ),
    onSettled: refresh,
  })
  const revoke = useMutation({
    mutationFn: (id: string) => rpc.invitations.revoke({ id }),
    onSuccess: () => {
      setNotice(<Alert color="gray">Invitation for {revoking?.email} revoked; its link no longer works.</Alert>)
      setRevoking(null)
    },
    onError: (error) =>
      setNotice(
        <Alert color="red" role="alert">
          {toAppError(error).message}
        </Alert>,
      ),
    onSettled: refresh,
  })

  if (list.isPending) {
    return <Loading label="Loading invitations" />
  }
  if (list.isError) return <Alert color="red">{toAppError(list.error).message}</Alert>

  return (
    <>
      {notice && <div style={{ marginBottom: 'var(--mantine-spacing-md)' }}>{notice}</div>}
      {list.data.length === 0 ? (
        <Text c="dimmed" ta="center" p="lg">
          No pending invitations. Use + Invite User to invite someone.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped aria-label="Pending invitations">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Email</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Invited by</Table.Th>
                <Table.Th>Sent</Table.Th>
                <Table.Th>Expires</Table.Th>
                <Table.Th>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.map((inv) => (
                <Table.Tr key={inv.id}>
                  <Table.Td>
                    {inv.email}{' '}
                    {inv.sendError && (
                      <Tooltip label={inv.sendError} multiline w={300}>
                        <Badge color="red" variant="light">
                          Not sent
                        </Badge>
                      </Tooltip>
                    )}
                  </Table.Td>
                  <Table.Td>{roleLabel(inv.role)}</Table.Td>
                  <Table.Td>{inv.invitedBy.name}</Table.Td>
                  <Table.Td>{formatDateTime(inv.sentAt)}</Table.Td>
                  <Table.Td>
                    {inv.expired ? (
                      <Badge color="orange" variant="light">
                        Expired
                      </Badge>
                    ) : (
                      formatDateTime(inv.expiresAt)
                    )}
                  </Table.Td>
                  <Table.Td>
                    {mayHandle(myRole, inv.role) ? (
                      <Group gap="xs" wrap="nowrap">
                        <Button
                          size="xs"
                          variant="light"
                          aria-label={`Resend invitation to ${inv.email}`}
                          loading={resend.isPending && resend.variables === inv.id}
                          onClick={() => resend.mutate(inv.id)}
                        >
                          Resend
                        </Button>
                        <Button
                          size="xs"
                          variant="subtle"
                          color="red"
                          aria-label={`Revoke invitation to ${inv.email}`}
                          onClick={() => setRevoking(inv)}
                        >
                          Revoke
                        </Button>
                      </Group>
                    ) : (
                      <Text size="xs" c="dimmed">
                        {SUPER_ADMIN_ONLY}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal opened={revoking !== null} onClose={() => setRevoking(null)} title="Revoke invitation?">
        <Text mb="md">
          The invitation for <b>{revoking?.email}</b> will be withdrawn and its link will stop working. You can invite them again later.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setRevoking(null)}>
            Cancel
          </Button>
          <Button color="red" loading={revoke.isPending} onClick={() => revoking && revoke.mutate(revoking.id)}>
            Revoke invitation
          </Button>
        </Group>
      </Modal>
    </>
  )
}
