import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useState } from 'react'
import { signInInputSchema } from '../../../shared/contract'
import { ErrorReason, toAppError } from '../../../shared/errors'
import { ErrorAlert } from '../components/form-parts'
import { orpc } from '../lib/bridge'
import { schemaValidator, useFormMutation } from '../lib/forms'
import { useSignedIn } from '../lib/session'
import { AuthLayout } from './auth-layout'
import { ContinueDemo } from './demo/continue-demo'
import { SecondFactorStep } from './second-factor-step'

export function SignInPage() {
  const signedIn = useSignedIn()
  // Set when the password was right and the account has a second factor: the code comes next.
  const [pendingToken, setPendingToken] = useState<string | null>(null)
  const [restartNote, setRestartNote] = useState<string | null>(null)
  const form = useForm({
    mode: 'controlled',
    initialValues: { email: '', password: '' },
    validate: schemaValidator(signInInputSchema),
  })
  const signIn = useFormMutation(
    form,
    orpc.auth.signIn.mutationOptions({
      onSuccess: signedIn,
      // Keep the email, clear the password: the next attempt needs it typed again.
      onError: (error) => {
        form.setFieldValue('password', '')
        const appError = toAppError(error)
        if (appError.reason === ErrorReason.SECOND_FACTOR_REQUIRED && appError.pendingToken) {
          setRestartNote(null)
          setPendingToken(appError.pendingToken)
        }
      },
    }),
  )
  const secondStep = signIn.error?.reason === ErrorReason.SECOND_FACTOR_REQUIRED ? pendingToken : null

  if (secondStep) {
    return (
      <AuthLayout title="Two-step verification" subtitle={`Signing in as ${form.getValues().email}.`}>
        <SecondFactorStep
          pendingToken={secondStep}
          onSignedIn={signedIn}
          onRestart={(why) => {
            setPendingToken(null)
            signIn.clear()
            setRestartNote(why)
          }}
        />
      </AuthLayout>
    )
  }

  return (
    <AuthLayout title="Sign in" subtitle="Use the email and password of your Switchboard account.">
      <ContinueDemo />
      <form onSubmit={signIn.submit} noValidate>
        <Stack>
          {restartNote ? (
            <Alert color="yellow" role="status">
              {restartNote}
            </Alert>
          ) : null}
          <ErrorAlert error={signIn.formError} title="Sign-in failed" />
          <TextInput label="Email" type="email" autoComplete="username" required autoFocus {...form.getInputProps('email')} />
          <PasswordInput label="Password" autoComplete="current-password" required {...form.getInputProps('password')} />
          <Button type="submit" loading={signIn.mutation.isPending} fullWidth mt="sm">
            Sign in
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  )
}
