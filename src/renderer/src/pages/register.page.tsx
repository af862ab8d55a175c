import { Button, PasswordInput, Stack, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useMutation, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { PASSWORD_MIN, registerInputSchema } from '../../../shared/contract'
import { FormAlert } from '../components/form-parts'
import { toAppError } from '../../../shared/errors'
import { rpc } from '../lib/bridge'
import { roleLabel } from '../lib/format'
import { formAlert, schemaValidator } from '../lib/forms'
import { navigate } from '../lib/router'
import { useSignedIn } from '../lib/session'
import { AuthLayout } from './auth-layout'
import { LinkProblem } from './link-problem'

const validate = schemaValidator(registerInputSchema)

/** Where an invitation link lands: name and password, then the console. */
export function RegisterPage({ token }: { token: string }) {
  const signedIn = useSignedIn()
  const invitation = useQuery({ queryKey: ['invitation', token], queryFn: () => rpc.auth.inspectInvitation({ token }), retry: false })
  const [formError, setFormError] = useState<string | null>(null)
  const form = useForm({
    mode: 'controlled',
    initialValues: { token, name: '', password: '', confirm: '' },
    validate: (values) => ({
      ...validate(values),
      ...(values.confirm !== values.password ? { confirm: 'The passwords do not match' } : {}),
    }),
  })
  const register = useMutation({
    mutationFn: ({ confirm: _confirm, ...input }: typeof form.values) => rpc.auth.register(input),
    onSuccess: (me) => {
      signedIn(me)
      navigate('/')
    },
    onError: (error) => setFormError(formAlert(form, error)),
  })

  if (invitation.isError) return <LinkProblem title="This invitation cannot be used" message={toAppError(invitation.error).message} />
  const info = invitation.data
  return (
    <AuthLayout
      title="Create your account"
      subtitle={info ? `You were invited to ${info.organisation} as ${roleLabel(info.role)}.` : 'Checking your invitation…'}
    >
      <form noValidate onSubmit={form.onSubmit((values) => (setFormError(null), register.mutate(values)))}>
        <Stack>
          <FormAlert message={formError} />
          <TextInput label="Email" value={info?.email ?? ''} readOnly />
          <TextInput label="Your name" autoComplete="name" required autoFocus {...form.getInputProps('name')} />
          <PasswordInput
            label="Password"
            description={`At least ${PASSWORD_MIN} characters`}
            autoComplete="new-password"
            required
            {...form.getInputProps('password')}
          />
          <PasswordInput label="Confirm password" autoComplete="new-password" required {...form.getInputProps('confirm')} />
          <Button type="submit" loading={register.isPending} disabled={!info} fullWidth>
            Create account
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  )
}
