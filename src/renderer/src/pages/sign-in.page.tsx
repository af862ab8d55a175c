import { Button, PasswordInput, Stack, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useMutation } from '@tanstack/react-query'
import { useState } from 'react'
import { signInInputSchema } from '../../../shared/contract'
import { FormAlert } from '../components/form-parts'
import { rpc } from '../lib/bridge'
import { formAlert, schemaValidator } from '../lib/forms'
import { useSignedIn } from '../lib/session'
import { AuthLayout } from './auth-layout'

export function SignInPage() {
  const signedIn = useSignedIn()
  const [formError, setFormError] = useState<string | null>(null)
  const form = useForm({
    mode: 'controlled',
    initialValues: { email: '', password: '' },
    validate: schemaValidator(signInInputSchema),
  })
  const signIn = useMutation({
    mutationFn: (values: { email: string; password: string }) => rpc.auth.signIn(values),
    onSuccess: signedIn,
    onError: (error) => {
      setFormError(formAlert(form, error))
      // Keep the email, clear the password: the next attempt needs it typed again.
      form.setFieldValue('password', '')
    },
  })

  return (
    <AuthLayout title="Sign in" subtitle="Use the email and password of your Switchboard account.">
      <form
        onSubmit={form.onSubmit((values) => {
          setFormError(null)
          signIn.mutate(values)
        })}
        noValidate
      >
        <Stack>
          <FormAlert message={formError} title="Sign-in failed" />
          <TextInput label="Email" type="email" autoComplete="username" required autoFocus {...form.getInputProps('email')} />
          <PasswordInput label="Password" autoComplete="current-password" required {...form.getInputProps('password')} />
          <Button type="submit" loading={signIn.isPending} fullWidth mt="sm">
            Sign in
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  )
}
