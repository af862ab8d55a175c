import { Button, Stack, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useNavigate } from '@tanstack/react-router'
import { useState } from 'react'
import { resetPasswordInputSchema } from '../../../shared/contract'
import { ErrorAlert, NewPasswordFields } from '../components/form-parts'
import { toAppError } from '../../../shared/errors'
import { orpc } from '../lib/bridge'
import { schemaValidator, useFormMutation } from '../lib/forms'
import { AuthLayout } from './auth-layout'
import { LinkProblem } from './link-problem'

const validate = schemaValidator(resetPasswordInputSchema)

/** Where a password reset link lands. */
export function ResetPasswordPage({ token }: { token: string }) {
  const client = useQueryClient()
  const navigate = useNavigate()
  const target = useQuery(orpc.auth.inspectReset.queryOptions({ input: { token } }))
  const [done, setDone] = useState(false)
  const form = useForm({
    mode: 'controlled',
    initialValues: { token, password: '', confirm: '' },
    validate: (values) => ({
      ...validate(values),
      ...(values.confirm !== values.password ? { confirm: 'The passwords do not match' } : {}),
    }),
  })
  const reset = useFormMutation(form, {
    mutationFn: ({ confirm: _confirm, ...input }: typeof form.values) => orpc.auth.resetPassword.call(input),
    onSuccess: () => {
      setDone(true)
      // The reset ended every session of that account, possibly this one.
      void client.invalidateQueries({ queryKey: orpc.auth.me.queryKey() })
    },
  })

  if (done) {
    return (
      <AuthLayout title="Password changed" subtitle="Sign in with your new password. Other sessions of this account were signed out.">
        <Button onClick={() => void navigate({ to: '/' })} fullWidth>
          Go to sign in
        </Button>
      </AuthLayout>
    )
  }
  if (target.isError) return <LinkProblem title="This reset link cannot be used" message={toAppError(target.error).message} />
  return (
    <AuthLayout title="Set a new password" subtitle={target.data ? `For ${target.data.email}.` : 'Checking your link…'}>
      <form noValidate onSubmit={reset.submit}>
        <Stack>
          <ErrorAlert error={reset.formError} />
          <TextInput label="Email" value={target.data?.email ?? ''} readOnly />
          <NewPasswordFields
            label="New password"
            autoFocus
            password={form.getInputProps('password')}
            confirm={form.getInputProps('confirm')}
          />
          <Button type="submit" loading={reset.mutation.isPending} disabled={!target.data} fullWidth>
            Set password
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  )
}
