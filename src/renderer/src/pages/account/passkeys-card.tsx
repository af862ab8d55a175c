import { Alert, Button, Card, Group, Modal, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import * as z from 'zod'
import { passkeyNameSchema, type Passkey } from '../../../../shared/contract'
import { DialogActions, ErrorAlert } from '../../components/form-parts'
import { Loading } from '../../components/loading'
import { orpc } from '../../lib/bridge'
import { formatDateTime } from '../../lib/format'
import { schemaValidator, useFormMutation } from '../../lib/forms'
import { notify } from '../../lib/notices'
import { createPasskey, passkeySupport } from '../../lib/passkeys'
import { OwnerProofModal } from './owner-proof.modal'
import { RecoveryCodes } from './recovery-codes'

const nameForm = z.object({ name: passkeyNameSchema })

/** Add a passkey: a name first, then the browser's own prompt (Touch ID, Windows Hello, a security key…). */
function AddPasskey({ onAdded }: { onAdded: (recoveryCodes: string[] | undefined) => void }) {
  const form = useForm({ mode: 'controlled', initialValues: { name: '' }, validate: schemaValidator(nameForm) })
  const add = useFormMutation(form, {
    mutationFn: async ({ name }: { name: string }) => {
      const { options } = await orpc.account.startPasskey.call()
      const response = await createPasskey(options)
      return orpc.account.finishPasskey.call({ name, response })
    },
    onSuccess: ({ passkey, recoveryCodes }) => {
      form.reset()
      notify({ message: `Passkey “${passkey.name}” added: signing in can now finish with it.` })
      onAdded(recoveryCodes)
    },
  })
  return (
    <form onSubmit={add.submit} noValidate>
      <Stack gap="xs">
        <ErrorAlert error={add.formError} title="The passkey was not added" />
        <Group align="flex-end">
          <TextInput
            label="Name for a new passkey"
            description="Such as the device or key it is on: “Work laptop”, “YubiKey”."
            maxLength={60}
            required
            {...form.getInputProps('name')}
          />
          <Button type="submit" loading={add.mutation.isPending}>
            Add a passkey
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

function RenamePasskey({ passkey, onClose }: { passkey: Passkey; onClose: () => void }) {
  const client = useQueryClient()
  const form = useForm({ mode: 'controlled', initialValues: { name: passkey.name }, validate: schemaValidator(nameForm) })
  const rename = useFormMutation(form, {
    mutationFn: ({ name }: { name: string }) => orpc.account.renamePasskey.call({ id: passkey.id, name }),
    onSuccess: (renamed) => {
      notify({ message: `Passkey renamed to “${renamed.name}”.` })
      void client.invalidateQueries({ queryKey: orpc.account.passkeys.key() })
      onClose()
    },
  })
  return (
    <Modal opened onClose={onClose} title="Rename passkey">
      <form onSubmit={rename.submit} noValidate>
        <Stack>
          <ErrorAlert error={rename.formError} />
          <TextInput label="Name" maxLength={60} required data-autofocus {...form.getInputProps('name')} />
          <DialogActions onCancel={onClose} submit="Rename" loading={rename.mutation.isPending} />
        </Stack>
      </form>
    </Modal>
  )
}

type Dialog = { kind: 'rename' | 'remove'; passkey: Passkey } | null

/** Your account → Passkeys: the user's passkeys (name, added, last used), to add, rename and remove. */
export function PasskeysCard({ email, hasApp }: { email: string; hasApp: boolean }) {
  const client = useQueryClient()
  const support = passkeySupport()
  const list = useQuery(orpc.account.passkeys.queryOptions())
  const [dialog, setDialog] = useState<Dialog>(null)
  const [codes, setCodes] = useState<string[] | null>(null)
  const refresh = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: orpc.account.passkeys.key() }),
      client.invalidateQueries({ queryKey: orpc.account.secondFactor.key() }),
    ])

  let body
  if (codes) {
    body = (
      <RecoveryCodes
        codes={codes}
        email={email}
        onDone={() => {
          setCodes(null)
          // A session limited to enrolment is a full one now: the console shows everything again.
          void client.invalidateQueries({ queryKey: orpc.auth.me.queryKey() })
        }}
      />
    )
  } else if (list.isPending) {
    body = <Loading label="Loading your passkeys" />
  } else if (list.isError) {
    body = <ErrorAlert error={list.error} title="Your passkeys could not be loaded" />
  } else {
    body = (
      <Stack>
        {list.data.length === 0 ? (
          <Text size="sm">
            You have no passkeys. A passkey lives on your device (Touch ID, Windows Hello, your phone) or on a security key: after your
            password, signing in can finish with it instead of a code.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={480}>
            <Table aria-label="Your passkeys">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Added</Table.Th>
                  <Table.Th>Last used</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.map((passkey) => (
                  <Table.Tr key={passkey.id}>
                    <Table.Td>{passkey.name}</Table.Td>
                    <Table.Td>{formatDateTime(passkey.createdAt)}</Table.Td>
                    <Table.Td>{passkey.lastUsedAt ? formatDateTime(passkey.lastUsedAt) : 'Never'}</Table.Td>
                    <Table.Td>
                      <Group gap="xs" justify="flex-end" wrap="nowrap">
                        <Button
                          size="xs"
                          variant="default"
                          aria-label={`Rename ${passkey.name}`}
                          onClick={() => setDialog({ kind: 'rename', passkey })}
                        >
                          Rename
                        </Button>
                        <Button
                          size="xs"
                          variant="default"
                          color="red"
                          aria-label={`Remove ${passkey.name}`}
                          onClick={() => setDialog({ kind: 'remove', passkey })}
                        >
                          Remove
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {support.ok ? (
          <AddPasskey
            onAdded={(recoveryCodes) => {
              void refresh()
              if (recoveryCodes?.length) setCodes(recoveryCodes)
            }}
          />
        ) : (
          <Alert color="gray" title="Passkeys cannot be added here">
            {support.why}
          </Alert>
        )}
      </Stack>
    )
  }

  return (
    <Card withBorder component="section" aria-labelledby="passkeys-title">
      <Stack>
        <Title order={2} size="h4" id="passkeys-title">
          Passkeys
        </Title>
        {body}
      </Stack>
      {dialog?.kind === 'rename' ? <RenamePasskey passkey={dialog.passkey} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'remove' ? (
        <OwnerProofModal
          title={`Remove passkey “${dialog.passkey.name}”?`}
          explanation="It will no longer finish a sign-in. If it is your last second factor, your recovery codes stop working too and signing in asks for your password only. Confirm it is you:"
          submit="Remove passkey"
          danger
          hasApp={hasApp}
          run={(proof) => orpc.account.removePasskey.call({ id: dialog.passkey.id, proof })}
          onDone={() => {
            notify({ message: `Passkey “${dialog.passkey.name}” removed.` })
            setDialog(null)
            void refresh()
          }}
          onClose={() => setDialog(null)}
        />
      ) : null}
    </Card>
  )
}
