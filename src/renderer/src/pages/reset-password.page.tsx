import { Button, PasswordInput, Stack, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { PASSWORD_MIN, resetPasswordInputSchema } from '../../../shared/contract'
import { FormAlert } from '../components/form-parts'
import { toAppError } from '../../../shared/errors'
import { rpc } from '../lib/bridge'
import { formAlert, schemaValidator } from '../lib/forms'
import { navigate } from '../lib/router'
import { sessionKeys } from '../lib/session'
import { AuthLayout } from './auth-layout'
import { LinkProblem } from './link-problem'

const validate = schemaValidator(resetPasswordInputSchema)

/** Where a password reset link lands. */
export function ResetPasswordPage({ token }: { token: string }) {
  const client = useQueryClient()
  const target = useQuery({ queryKey: ['reset', token], queryFn: () => rpc.auth.inspectReset({ token }), retry: false })
  const [formError, setFormError] = useState<string | null>(null)
  const [done, setDone] = useState(false)
  const form = useForm({
    mode: 'controlled',
    initialValues: { token, password: '', confirm: '' },
    validate: (values) => ({
      ...validate(values),
      ...(values.confirm !== values.password ? { confirm: 'The passwords do not match' } : {}),
    }),
  })
  const reset = useMutation({
    mutationFn: ({ confirm: _confirm, ...input }: typeof form.values) => rpc.auth.resetPassword(input),
    onSuccess: () => {
      setDone(true)
      // The reset ended every session of that account, possibly this one.
      void client.invalidateQueries({ queryKey: sessionKeys.me })
    },
    onError: (error) => setFormError(formAlert(form, error)),
  })

  if (done) {
    return (
      <AuthLayout title="Password changed" subtitle="Sign in with your new password. Other sessions of this account were signed out.">
        <Button onClick={() => navigate('/')} fullWidth>
          Go to sign in
        </Button>
      </AuthLayout>
    )
  }
  if (target.isError) return <LinkProblem title="This reset link cannot be used" message={toAppError(target.error).message} />
  return (
    <AuthLayout title="Set a new password" subtitle={target.data ? `For ${target.data.email}.` : 'Checking your link…'}>
      <form noValidate onSubmit={form.onSubmit((values) => (setFormError(null), reset.mutate(values)))}>
        <Stack>
          <FormAlert message={formError} />
          <TextInput label="Email" value={target.data?.email ?? ''} readOnly />
          <PasswordInput
            label="New password"
            description={`At least ${PASSWORD_MIN} characters`}
            autoComplete="new-password"
            required
            autoFocus
            {...form.getInputProps('password')}
          />
          <PasswordInput label="Confirm new password" autoComplete="new-password" required {...form.getInputProps('confirm')} />
          <Button type="submit" loading={reset.isPending} disabled={!target.data} fullWidth>
            Set password
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  )
}
