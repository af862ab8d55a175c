import { Anchor, Button, Divider, Group, Loader, Modal, PasswordInput, Stack, Text, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useMutation, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import * as z from 'zod'
import { recoveryCodeSchema, totpCodeSchema } from '../../../shared/contract'
import { toAppError } from '../../../shared/errors'
import { orpc } from '../lib/bridge'
import { schemaValidator, useFormMutation } from '../lib/forms'
import { getPasskey, passkeySupport } from '../lib/passkeys'
import { settleStepUp } from '../lib/step-up'
import { ErrorAlert } from './form-parts'

type Proof = 'code' | 'recoveryCode' | 'password'

const schemas = {
  code: z.object({ value: totpCodeSchema }),
  recoveryCode: z.object({ value: recoveryCodeSchema }),
  password: z.object({ value: z.string().min(1, 'Enter your password') }),
}

/**
 * The step-up prompt (lib/step-up.ts): asks for a passkey or a code from the authenticator app (or a
 * recovery code), or the password from a user who has no second factor, then lets the refused action
 * run. Loaded only when first needed (step-up-prompt.tsx).
 */
export default function StepUpModal() {
  const status = useQuery({ ...orpc.account.secondFactor.queryOptions(), staleTime: 0 })
  const hasApp = status.data ? status.data.totp !== null : null
  const hasPasskeys = (status.data?.passkeys ?? 0) > 0
  const offerPasskey = hasPasskeys && passkeySupport().ok
  const [useRecovery, setUseRecovery] = useState(false)
  // With passkeys but no app, the field is for a recovery code (the passkey is the button above it).
  const proof: Proof = hasApp === false ? (hasPasskeys ? 'recoveryCode' : 'password') : useRecovery ? 'recoveryCode' : 'code'
  const passkey = useMutation({
    mutationFn: async () => {
      const { options } = await orpc.auth.stepUpPasskeyOptions.call()
      return orpc.auth.stepUp.call({ passkey: await getPasskey(options) })
    },
    onMutate: () => confirm.clear(),
    onSuccess: () => settleStepUp(true),
  })
  const form = useForm({ mode: 'controlled', initialValues: { value: '' }, validate: (values) => schemaValidator(schemas[proof])(values) })
  const confirm = useFormMutation(form, {
    mutationFn: ({ value }: { value: string }) => orpc.auth.stepUp.call({ [proof]: value }),
    onSuccess: () => settleStepUp(true),
    onError: (error) => {
      // The backend names the proof's own field; the form has one.
      form.setFieldValue('value', '')
      const { fields } = toAppError(error)
      if (fields) form.setErrors({ value: Object.values(fields)[0] })
    },
  })
  const switchTo = (recovery: boolean) => {
    setUseRecovery(recovery)
    form.reset()
    confirm.clear()
    passkey.reset()
  }
  const label = { code: 'Code from your authenticator app', recoveryCode: 'Recovery code', password: 'Your password' }[proof]

  return (
    <Modal opened onClose={() => settleStepUp(false)} title="Confirm it is you">
      {hasApp === null ? (
        status.isError ? (
          <Stack>
            <ErrorAlert error={status.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => settleStepUp(false)}>
                Cancel
              </Button>
            </Group>
          </Stack>
        ) : (
          <Group justify="center" p="md">
            <Loader size="sm" aria-label="Loading" />
          </Group>
        )
      ) : (
        <form onSubmit={confirm.submit} noValidate>
          <Stack>
            {offerPasskey && (
              <>
                <Text size="sm">Use your passkey to confirm it is you.</Text>
                <Button variant="light" onClick={() => passkey.mutate()} loading={passkey.isPending} data-autofocus>
                  Use a passkey
                </Button>
                <ErrorAlert error={passkey.error} title="Not confirmed" />
                <Divider label={proof === 'code' ? 'or enter a code' : 'or enter a recovery code'} labelPosition="center" />
              </>
            )}
            <Text size="sm">
              {proof === 'password'
                ? 'This action can affect every organisation. Enter your password to confirm it is you; the action then goes ahead.'
                : proof === 'recoveryCode'
                  ? 'This action can affect every organisation. Enter one of your recovery codes (each works once); the action then goes ahead.'
                  : 'This action can affect every organisation. Enter the 6-digit code your authenticator app shows for Switchboard; the action then goes ahead.'}{' '}
              You will not be asked again for 5 minutes.
            </Text>
            <ErrorAlert error={confirm.error && !confirm.error.fields ? confirm.error : null} title="Not confirmed" />
            {proof === 'password' ? (
              <PasswordInput
                key="password"
                label={label}
                autoComplete="current-password"
                required
                data-autofocus
                {...form.getInputProps('value')}
              />
            ) : (
              <TextInput
                key={proof}
                label={label}
                inputMode={proof === 'code' ? 'numeric' : undefined}
                autoComplete={proof === 'code' ? 'one-time-code' : 'off'}
                required
                data-autofocus={!offerPasskey}
                {...form.getInputProps('value')}
              />
            )}
            {hasApp && (
              <Anchor component="button" type="button" size="sm" onClick={() => switchTo(!useRecovery)}>
                {useRecovery ? 'Use a code from your authenticator app instead' : 'Use a recovery code instead'}
              </Anchor>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => settleStepUp(false)}>
                Cancel
              </Button>
              <Button type="submit" loading={confirm.mutation.isPending}>
                Confirm
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  )
}
