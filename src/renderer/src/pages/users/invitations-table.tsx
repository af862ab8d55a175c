import { Badge, Button, Group, Table, Text, Tooltip } from '@mantine/core'
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { mayHandle } from '../../../../shared/access'
import { type Invitation, type Role } from '../../../../shared/contract'
import { ErrorAlert } from '../../components/form-parts'
import { ListFooter } from '../../components/list-footer'
import { Loading } from '../../components/loading'
import { TenantConfirmModal } from '../../components/tenant-confirm'
import { orpc } from '../../lib/bridge'
import { formatDateTime, roleLabel, SUPER_ADMIN_ONLY } from '../../lib/format'
import { KEYSET_PAGING, keysetRows } from '../../lib/lists'
import { notify } from '../../lib/notices'
import { deliveryNotice } from './delivery-note'

/** Admin → Users → Pending Invitations, with Resend and Revoke next to each. */
/** An invitation's Expires cell: when its link stops working, or that it has. */
export function InvitationExpiry({ invitation }: { invitation: Pick<Invitation, 'expired' | 'expiresAt'> }) {
  return invitation.expired ? (
    <Badge color="orange" variant="light">
      Expired
    </Badge>
  ) : (
    formatDateTime(invitation.expiresAt)
  )
}

export function InvitationsTable({ myRole }: { myRole: Role }) {
  const client = useQueryClient()
  // A page at a time, newest sent first: a tenant may have thousands pending after an invite from a file.
  const list = useInfiniteQuery(
    orpc.invitations.pending.infiniteOptions({
      input: (cursor: string | undefined) => ({ cursor, limit: 50 }),
      ...KEYSET_PAGING,
    }),
  )
  const { rows, total } = keysetRows(list.data)
  const [revoking, setRevoking] = useState<Invitation | null>(null)
  const [failure, setFailure] = useState<unknown>(null)
  const settled = {
    onError: setFailure,
    onSettled: () => client.invalidateQueries({ queryKey: orpc.invitations.key() }),
  }

  const resend = useMutation(
    orpc.invitations.resend.mutationOptions({
      ...settled,
      onSuccess: (result) => {
        setFailure(null)
        notify(deliveryNotice(result, 'resent'))
      },
    }),
  )
  const revoke = useMutation(
    orpc.invitations.revoke.mutationOptions({
      ...settled,
      onSuccess: () => {
        setFailure(null)
        notify({ message: `Invitation for ${revoking?.email} revoked; its link no longer works.` })
        setRevoking(null)
      },
    }),
  )

  if (list.isPending) {
    return <Loading label="Loading invitations" />
  }
  if (list.isError) return <ErrorAlert error={list.error} />

  return (
    <>
      {failure !== null && (
        <div style={{ marginBottom: 'var(--mantine-spacing-md)' }}>
          <ErrorAlert error={failure} onClose={() => setFailure(null)} />
        </div>
      )}
      {rows.length === 0 ? (
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
              {rows.map((inv) => (
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
                    <InvitationExpiry invitation={inv} />
                  </Table.Td>
                  <Table.Td>
                    {mayHandle(myRole, inv.role) ? (
                      <Group gap="xs" wrap="nowrap">
                        <Button
                          size="xs"
                          variant="light"
                          aria-label={`Resend invitation to ${inv.email}`}
                          loading={resend.isPending && resend.variables.id === inv.id}
                          onClick={() => resend.mutate({ id: inv.id })}
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
      {rows.length > 0 && <ListFooter shown={rows.length} total={total} more={list} />}
      <TenantConfirmModal
        opened={revoking !== null}
        onClose={() => setRevoking(null)}
        title="Revoke invitation?"
        confirmLabel="Revoke invitation"
        loading={revoke.isPending}
        onConfirm={() => revoking && revoke.mutate({ id: revoking.id })}
      >
        <Text>
          The invitation for <b>{revoking?.email}</b> will be withdrawn and its link will stop working. You can invite them again later.
        </Text>
      </TenantConfirmModal>
    </>
  )
}
