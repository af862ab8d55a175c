import { Button, Stack, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useQuery } from '@tanstack/react-query'
import { useNavigate } from '@tanstack/react-router'
import { useEffect } from 'react'
import { registerInputSchema } from '../../../shared/contract'
import { ErrorAlert, NewPasswordFields } from '../components/form-parts'
import { toAppError } from '../../../shared/errors'
import { orpc } from '../lib/bridge'
import { roleLabel } from '../lib/format'
import { schemaValidator, useFormMutation } from '../lib/forms'
import { useSignedIn } from '../lib/session'
import { AuthLayout } from './auth-layout'
import { LinkProblem } from './link-problem'

const validate = schemaValidator(registerInputSchema)

/** Where an invitation link lands: name and password, then the console. */
export function RegisterPage({ token }: { token: string }) {
  const signedIn = useSignedIn()
  const navigate = useNavigate()
  const invitation = useQuery(orpc.auth.inspectInvitation.queryOptions({ input: { token } }))
  const form = useForm({
    mode: 'controlled',
    initialValues: { token, name: '', password: '', confirm: '' },
    validate: (values) => ({
      ...validate(values),
      ...(values.confirm !== values.password ? { confirm: 'The passwords do not match' } : {}),
    }),
  })
  // A bulk invite may have named the person: offered, and theirs to change.
  const suggested = invitation.data?.name
  useEffect(() => {
    if (suggested && !form.isDirty('name')) form.setFieldValue('name', suggested)
  }, [suggested])
  const register = useFormMutation(form, {
    mutationFn: ({ confirm: _confirm, ...input }: typeof form.values) => orpc.auth.register.call(input),
    onSuccess: (me) => {
      signedIn(me)
      void navigate({ to: '/' })
    },
  })

  if (invitation.isError) return <LinkProblem title="This invitation cannot be used" message={toAppError(invitation.error).message} />
  const info = invitation.data
  return (
    <AuthLayout
      title="Create your account"
      subtitle={info ? `You were invited to ${info.organisation} as ${roleLabel(info.role)}.` : 'Checking your invitation…'}
    >
      <form noValidate onSubmit={register.submit}>
        <Stack>
          <ErrorAlert error={register.formError} />
          <TextInput label="Email" value={info?.email ?? ''} readOnly />
          <TextInput label="Your name" autoComplete="name" required autoFocus {...form.getInputProps('name')} />
          <NewPasswordFields password={form.getInputProps('password')} confirm={form.getInputProps('confirm')} />
          <Button type="submit" loading={register.mutation.isPending} disabled={!info} fullWidth>
            Create account
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  )
}
