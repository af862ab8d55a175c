import { Button, PasswordInput, Stack, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { signInInputSchema } from '../../../shared/contract'
import { ErrorAlert } from '../components/form-parts'
import { orpc } from '../lib/bridge'
import { schemaValidator, useFormMutation } from '../lib/forms'
import { useSignedIn } from '../lib/session'
import { AuthLayout } from './auth-layout'
import { ContinueDemo } from './demo/continue-demo'

export function SignInPage() {
  const signedIn = useSignedIn()
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
      onError: () => form.setFieldValue('password', ''),
    }),
  )

  return (
    <AuthLayout title="Sign in" subtitle="Use the email and password of your Switchboard account.">
      <ContinueDemo />
      <form onSubmit={signIn.submit} noValidate>
        <Stack>
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
