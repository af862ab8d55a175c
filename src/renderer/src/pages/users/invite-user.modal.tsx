import { Alert, Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { grantableRoles } from '../../../../shared/access'
import { inviteInputSchema, Role, type Me } from '../../../../shared/contract'
import { ErrorReason } from '../../../../shared/errors'
import { DialogActions, ErrorAlert } from '../../components/form-parts'
import { orpc } from '../../lib/bridge'
import { roleOptions } from '../../lib/format'
import { schemaValidator, useFormMutation } from '../../lib/forms'
import { DeliveryNote } from './delivery-note'

type Result = Awaited<ReturnType<typeof orpc.invitations.create.call>>
type Values = { email: string; role: Role }

/** + Invite User: email and role → Send Invitation. */
export function InviteUserModal({ me, opened, onClose }: { me: Me; opened: boolean; onClose: () => void }) {
  const client = useQueryClient()
  const [result, setResult] = useState<Result | null>(null)
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { email: '', role: Role.AGENT },
    validate: schemaValidator(inviteInputSchema),
  })
  const done = (r: Result) => {
    setResult(r)
    void client.invalidateQueries({ queryKey: orpc.invitations.key() })
  }
  const send = useFormMutation(form, orpc.invitations.create.mutationOptions({ onSuccess: done }))
  const resend = useMutation(orpc.invitations.resend.mutationOptions({ onSuccess: done }))
  // Already invited here: the error names that invitation, so Resend can be offered for it.
  const pendingId = send.error?.reason === ErrorReason.ALREADY_INVITED ? (send.error.ids?.invitationId ?? null) : null

  const close = () => {
    form.reset()
    send.clear()
    resend.reset()
    setResult(null)
    onClose()
  }

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
        <form noValidate onSubmit={send.submit}>
          <Stack>
            <ErrorAlert error={send.formError} />
            <ErrorAlert error={resend.error} />
            <TextInput label="Email address" type="email" required data-autofocus {...form.getInputProps('email')} />
            <Select
              label="Role"
              data={roleOptions(grantableRoles(me.user.role, me.actingTenant.isAdminTenant))}
              allowDeselect={false}
              required
              {...form.getInputProps('role')}
            />
            {pendingId && (
              <Alert color="blue" title="Already invited">
                This email already has a pending invitation.{' '}
                <Button size="xs" variant="light" onClick={() => resend.mutate({ id: pendingId })} loading={resend.isPending}>
                  Resend invitation
                </Button>
              </Alert>
            )}
            <DialogActions onCancel={close} submit="Send Invitation" loading={send.mutation.isPending} />
          </Stack>
        </form>
      )}
    </Modal>
  )
}
