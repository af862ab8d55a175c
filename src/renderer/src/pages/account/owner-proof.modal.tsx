import { Anchor, Button, Group, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useState } from 'react'
import { ownerProofSchema, type OwnerProof } from '../../../../shared/contract'
import { ErrorAlert } from '../../components/form-parts'
import { schemaValidator, useFormMutation } from '../../lib/forms'

/**
 * Asks for a current code from the authenticator app (or the password) before removing a factor or
 * replacing the recovery codes; `danger` for the action that cannot be undone. Without an app
 * (`hasApp` false: passkeys only) it asks for the password alone.
 */
export function OwnerProofModal<T>({
  title,
  explanation,
  submit,
  danger = false,
  hasApp = true,
  run,
  onDone,
  onClose,
}: {
  title: string
  explanation: string
  submit: string
  danger?: boolean
  hasApp?: boolean
  run: (proof: OwnerProof) => Promise<T>
  onDone: (result: T) => void
  onClose: () => void
}) {
  const [withPassword, setWithPassword] = useState(!hasApp)
  const form = useForm<{ code: string; password: string }>({
    mode: 'controlled',
    initialValues: { code: '', password: '' },
    validate: (values) => schemaValidator(ownerProofSchema)(withPassword ? { password: values.password } : { code: values.code }),
  })
  const action = useFormMutation(form, {
    mutationFn: (values: { code: string; password: string }) => run(withPassword ? { password: values.password } : { code: values.code }),
    onSuccess: onDone,
  })

  return (
    <Modal opened onClose={onClose} title={title}>
      <form onSubmit={action.submit} noValidate>
        <Stack>
          <Text size="sm">{explanation}</Text>
          <ErrorAlert error={action.formError} />
          {withPassword ? (
            <PasswordInput
              label="Your password"
              autoComplete="current-password"
              required
              data-autofocus
              {...form.getInputProps('password')}
            />
          ) : (
            <TextInput
              label="Code from your authenticator app"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={7}
              required
              data-autofocus
              {...form.getInputProps('code')}
            />
          )}
          {hasApp && (
            <Anchor
              component="button"
              type="button"
              size="sm"
              onClick={() => {
                setWithPassword(!withPassword)
                form.clearErrors()
                action.clear()
              }}
            >
              {withPassword ? 'Use a code from your authenticator app instead' : 'Use your password instead'}
            </Anchor>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" color={danger ? 'red' : undefined} loading={action.mutation.isPending}>
              {submit}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
