import { Anchor, Button, Divider, Stack, Text, TextInput } from '@mantine/core'
import { useMutation } from '@tanstack/react-query'
import { useForm } from '@mantine/form'
import { useState } from 'react'
import type { Me } from '../../../shared/contract'
import { recoveryCodeSchema, totpCodeSchema } from '../../../shared/contract'
import { ErrorAlert } from '../components/form-parts'
import { orpc } from '../lib/bridge'
import { schemaValidator, useFormMutation } from '../lib/forms'
import { ErrorReason } from '../../../shared/errors'
import { getPasskey, passkeySupport } from '../lib/passkeys'
import * as z from 'zod'

const codeForm = z.object({ code: totpCodeSchema })
const recoveryForm = z.object({ code: recoveryCodeSchema })

/**
 * The second step of signing in, after a right password for an account with a second factor: a
 * passkey, the app's code, or one recovery code. A half-way sign-in that expired goes back to the password.
 */
export function SecondFactorStep({
  pendingToken,
  onSignedIn,
  onRestart,
}: {
  pendingToken: string
  onSignedIn: (me: Me) => void
  onRestart: (why: string | null) => void
}) {
  const [useRecovery, setUseRecovery] = useState(false)
  const form = useForm({
    mode: 'controlled',
    initialValues: { code: '' },
    validate: schemaValidator(useRecovery ? recoveryForm : codeForm),
  })
  const verify = useFormMutation(form, {
    mutationFn: ({ code }: { code: string }) =>
      orpc.auth.verifySecondFactor.call(useRecovery ? { pendingToken, recoveryCode: code } : { pendingToken, code }),
    onSuccess: onSignedIn,
    onError: (error) => {
      form.setFieldValue('code', '')
      if ((error as { reason?: string }).reason === ErrorReason.SECOND_FACTOR_EXPIRED) onRestart(error.message)
    },
  })
  const switchTo = (recovery: boolean) => {
    setUseRecovery(recovery)
    form.reset()
    verify.clear()
    passkey.reset()
  }
  const passkeysHere = passkeySupport().ok
  const passkey = useMutation({
    mutationFn: async () => {
      const { options } = await orpc.auth.passkeyOptions.call({ pendingToken })
      return orpc.auth.verifySecondFactor.call({ pendingToken, passkey: await getPasskey(options) })
    },
    onMutate: () => verify.clear(),
    onSuccess: onSignedIn,
    onError: (error) => {
      if ((error as { reason?: string }).reason === ErrorReason.SECOND_FACTOR_EXPIRED) onRestart(error.message)
    },
  })

  return (
    <form onSubmit={verify.submit} noValidate>
      <Stack>
        <Text size="sm">
          {useRecovery
            ? 'Enter one of the recovery codes you saved when you set up your authenticator app. Each code works once.'
            : passkeysHere
              ? 'Use your passkey, or open your authenticator app and enter the 6-digit code it shows for Switchboard.'
              : 'Open your authenticator app and enter the 6-digit code it shows for Switchboard.'}
        </Text>
        {passkeysHere && !useRecovery && (
          <>
            <Button variant="light" onClick={() => passkey.mutate()} loading={passkey.isPending} fullWidth>
              Use a passkey
            </Button>
            <ErrorAlert error={passkey.error} title="Not signed in yet" />
            <Divider label="or enter a code" labelPosition="center" />
          </>
        )}
        <ErrorAlert error={verify.formError} title="Not signed in yet" />
        {useRecovery ? (
          <TextInput key="recovery" label="Recovery code" autoComplete="off" required autoFocus {...form.getInputProps('code')} />
        ) : (
          <TextInput
            key="code"
            label="Authentication code"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={7}
            required
            autoFocus
            {...form.getInputProps('code')}
          />
        )}
        <Button type="submit" loading={verify.mutation.isPending} fullWidth mt="sm">
          Verify
        </Button>
        <Anchor component="button" type="button" size="sm" onClick={() => switchTo(!useRecovery)}>
          {useRecovery ? 'Use a code from your authenticator app' : 'Use a recovery code instead'}
        </Anchor>
        <Anchor component="button" type="button" size="sm" c="dimmed" onClick={() => onRestart(null)}>
          Back to email and password
        </Anchor>
      </Stack>
    </form>
  )
}
