import { Alert, Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core'
import { ErrorReason } from '../../../../shared/errors'
import { useForm } from '@mantine/form'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { inviteInputSchema, type Me, type Role } from '../../../../shared/contract'
import { DialogActions, FormAlert } from '../../components/form-parts'
import { rpc } from '../../lib/bridge'
import { grantableRoles } from '../../lib/format'
import { applyError, schemaValidator } from '../../lib/forms'
import { DeliveryNote } from './delivery-note'
import { invitationKeys } from './invitations-table'

type Result = Awaited<ReturnType<typeof rpc.invitations.create>>

/** + Invite User: email and role → Send Invitation. */
export function InviteUserModal({ me, opened, onClose }: { me: Me; opened: boolean; onClose: () => void }) {
  const client = useQueryClient()
  const [formError, setFormError] = useState<string | null>(null)
  const [pendingId, setPendingId] = useState<string | null>(null)
  const [result, setResult] = useState<Result | null>(null)
  const form = useForm<{ email: string; role: Role }>({
    mode: 'controlled',
    initialValues: { email: '', role: 'AGENT' },
    validate: schemaValidator(inviteInputSchema),
  })

  const close = () => {
    form.reset()
    setFormError(null)
    setPendingId(null)
    setResult(null)
    onClose()
  }
  const done = (r: Result) => {
    setResult(r)
    void client.invalidateQueries({ queryKey: invitationKeys.list })
  }

  const send = useMutation({
    mutationFn: (values: { email: string; role: Role }) => rpc.invitations.create(values),
    onSuccess: done,
    onError: (error) => {
      const appError = applyError(form, error)
      if (!appError.fields) setFormError(appError.message)
      // Already invited here: the error names that invitation, so Resend can be offered for it.
      setPendingId(appError.reason === ErrorReason.ALREADY_INVITED ? (appError.ids?.invitationId ?? null) : null)
    },
  })
  const resend = useMutation({
    mutationFn: (id: string) => rpc.invitations.resend({ id }),
    onSuccess: done,
    onError: (error) => setFormError(applyError(form, error).message),
  })

  return (
    <Modal opened={opened} onClose={close} title="Invite User">
      {result ? (
        <Stack>
          <DeliveryNote result={result} verb="sent" />
          <Group justify="flex-end">
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form
          noValidate
          onSubmit={form.onSubmit((values) => {
            setFormError(null)
            setPendingId(null)
            send.mutate(values)
          })}
        >
          <Stack>
            <FormAlert message={formError} />
            <TextInput label="Email address" type="email" required data-autofocus {...form.getInputProps('email')} />
            <Select label="Role" data={grantableRoles(me)} allowDeselect={false} required {...form.getInputProps('role')} />
            {pendingId && (
              <Alert color="blue" title="Already invited">
                This email already has a pending invitation.{' '}
                <Button size="xs" variant="light" onClick={() => resend.mutate(pendingId)} loading={resend.isPending}>
                  Resend invitation
                </Button>
              </Alert>
            )}
            <DialogActions onCancel={close} submit="Send Invitation" loading={send.isPending} />
          </Stack>
        </form>
      )}
    </Modal>
  )
}
