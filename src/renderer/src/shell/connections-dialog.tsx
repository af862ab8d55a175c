import { Badge, Button, Group, Modal, PasswordInput, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { addConnectionInputSchema, type Connection } from '../../../shared/contract/connections.contract'
import { DialogActions, ErrorAlert } from '../components/form-parts'
import { orpc } from '../lib/bridge'
import { schemaValidator, useFormMutation } from '../lib/forms'
import { ErrorReason } from '../../../shared/errors'
import { notify } from '../lib/notices'

/**
 * Connections: the local store and the remote instances this console administers. Connecting
 * switches the whole console (it reloads); adding signs in once, and the session is kept in this
 * computer's keychain, never shown here.
 */
export function ConnectionsDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const list = useQuery({ ...orpc.connections.list.queryOptions(), enabled: opened })
  const [adding, setAdding] = useState(false)
  const [removing, setRemoving] = useState<Connection | null>(null)
  const activate = useMutation({
    mutationFn: (id: string) => orpc.connections.activate.call({ id }),
    // Every screen, cache and session of the console belongs to the connection it was loaded for.
    onSuccess: () => window.location.reload(),
  })

  return (
    <Modal opened={opened} onClose={onClose} title="Connections" size="xl">
      <Stack>
        <Text size="sm" c="dimmed">
          Choose what this console administers: the local store on this computer, or a Switchboard instance. Sessions with instances are
          kept in this computer&apos;s keychain.
        </Text>
        <ErrorAlert error={list.error} title="Connections could not be loaded" />
        <ErrorAlert error={activate.error} title="Could not connect" onClose={() => activate.reset()} />
        {list.isPending && opened ? <Text size="sm">Loading connections…</Text> : null}
        {list.data ? (
          <Table aria-label="Connections" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Address</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.map((connection) => (
                <Table.Tr key={connection.id}>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Text size="sm" fw={600}>
                        {connection.name}
                      </Text>
                      {connection.active ? <Badge variant="light">Active</Badge> : null}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{connection.url ?? connection.host}</Text>
                    {connection.caFile ? (
                      <Text size="xs" c="dimmed">
                        Trusts the certificate authority in {connection.caFile}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" justify="flex-end" wrap="nowrap">
                      {connection.active ? null : (
                        <Button
                          size="xs"
                          onClick={() => activate.mutate(connection.id)}
                          loading={activate.isPending && activate.variables === connection.id}
                          aria-label={`Connect to ${connection.name}`}
                        >
                          Connect
                        </Button>
                      )}
                      {connection.kind === 'remote' ? (
                        <Button
                          size="xs"
                          variant="default"
                          color="red"
                          onClick={() => setRemoving(connection)}
                          aria-label={`Remove ${connection.name}`}
                        >
                          Remove
                        </Button>
                      ) : null}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : null}
        {adding ? (
          <AddConnectionForm onDone={() => setAdding(false)} />
        ) : (
          <Group>
            <Button variant="light" onClick={() => setAdding(true)}>
              Add connection
            </Button>
          </Group>
        )}
      </Stack>
      <RemoveConnection connection={removing} onClose={() => setRemoving(null)} />
    </Modal>
  )
}

function AddConnectionForm({ onDone }: { onDone: () => void }) {
  const client = useQueryClient()
  const form = useForm({
    mode: 'controlled',
    initialValues: { name: '', url: '', email: '', password: '', code: '', caFile: '' },
    validate: schemaValidator(addConnectionInputSchema),
  })
  const add = useFormMutation(
    form,
    orpc.connections.add.mutationOptions({
      onSuccess: (connection) => {
        void client.invalidateQueries({ queryKey: orpc.connections.key() })
        notify({ title: 'Connection added', message: `Signed in to ${connection.name} (${connection.host}). Use Connect to switch to it.` })
        onDone()
      },
      // The password is used once, to sign in; it is never kept, not even in this form (nor a code).
      onError: () => {
        form.setFieldValue('password', '')
        form.setFieldValue('code', '')
      },
    }),
  )
  // The instance asked for a second factor once: the code field stays from then on.
  const [asksCode, setAsksCode] = useState(false)
  if (!asksCode && add.error?.reason === ErrorReason.SECOND_FACTOR_REQUIRED) setAsksCode(true)
  return (
    <form onSubmit={add.submit} noValidate aria-label="Add connection">
      <Stack gap="sm">
        <Text fw={600}>Add connection</Text>
        <ErrorAlert error={add.formError} title="The connection was not added" />
        <TextInput label="Name" description="How this console names the instance" required autoFocus {...form.getInputProps('name')} />
        <TextInput
          label="Address"
          description="https://… (plain http:// only for an instance on this computer)"
          placeholder="https://switchboard.example.com"
          required
          {...form.getInputProps('url')}
        />
        <TextInput label="Email" type="email" autoComplete="username" required {...form.getInputProps('email')} />
        <PasswordInput label="Password" autoComplete="current-password" required {...form.getInputProps('password')} />
        {asksCode ? (
          <TextInput
            label="Authentication code"
            description="From your authenticator app, or one of your recovery codes"
            autoComplete="one-time-code"
            required
            {...form.getInputProps('code')}
          />
        ) : null}
        <TextInput
          label="CA certificate file"
          description="For an instance whose certificate is signed by your organisation's own certificate authority: the full path of its PEM file on this computer"
          placeholder="/etc/ssl/acme-ca.pem"
          spellCheck={false}
          autoComplete="off"
          {...form.getInputProps('caFile')}
        />
        <DialogActions onCancel={onDone} submit="Add connection" loading={add.mutation.isPending} />
      </Stack>
    </form>
  )
}

function RemoveConnection({ connection, onClose }: { connection: Connection | null; onClose: () => void }) {
  const client = useQueryClient()
  const remove = useMutation({
    mutationFn: (id: string) => orpc.connections.remove.call({ id }),
    onSuccess: () => {
      const wasActive = connection?.active
      if (wasActive) {
        // The console was working on it: it goes back to the local store.
        window.location.reload()
        return
      }
      void client.invalidateQueries({ queryKey: orpc.connections.key() })
      notify({ message: `${connection?.name ?? 'The connection'} was removed.` })
      onClose()
    },
  })
  return (
    <Modal
      opened={connection !== null}
      onClose={() => {
        remove.reset()
        onClose()
      }}
      title="Remove connection"
    >
      {connection ? (
        <Stack>
          <Text size="sm">
            Remove {connection.name} ({connection.host})? This console signs out of it and deletes its session from this computer&apos;s
            keychain. Nothing on the instance is deleted.
          </Text>
          <ErrorAlert error={remove.error} title="The connection was not removed" />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button color="red" onClick={() => remove.mutate(connection.id)} loading={remove.isPending}>
              Remove
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Modal>
  )
}
