import { Button, Checkbox, Divider, Stack, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { setupInputSchema, type SetupInput } from '../../../shared/contract'
import { ErrorAlert, NewPasswordFields } from '../components/form-parts'
import { orpc } from '../lib/bridge'
import { schemaValidator, useFormMutation, useSuggestedSlug } from '../lib/forms'
import { useSignedIn } from '../lib/session'
import { AuthLayout } from './auth-layout'
import { ExploreDemo } from './demo/explore-demo'

type Values = SetupInput & { confirm: string }

const validateSchema = schemaValidator(setupInputSchema)

/** First run: the operator's organisation (the Admin Tenant) and its first SUPER_ADMIN. */
export function SetupPage() {
  const signedIn = useSignedIn()
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: {
      organisation: { name: '', slug: '' },
      admin: { name: '', email: '', password: '' },
      requireSecondFactorForSuperAdmins: true,
      confirm: '',
    },
    validate: (values) => ({
      ...validateSchema(values),
      ...(values.confirm !== values.admin.password ? { confirm: 'The passwords do not match' } : {}),
    }),
  })
  const slug = useSuggestedSlug(form, 'organisation.name', 'organisation.slug')
  const setup = useFormMutation(form, {
    mutationFn: ({ confirm: _confirm, ...input }: Values) => orpc.auth.setup.call(input),
    onSuccess: signedIn,
  })

  return (
    <AuthLayout
      title="Set up your console"
      subtitle="Create your organisation — it becomes the Admin Tenant of this instance — and your own SUPER_ADMIN account."
    >
      <ExploreDemo />
      <Divider label="Or set up your own console" labelPosition="center" my="lg" />
      <form onSubmit={setup.submit} noValidate>
        <Stack>
          <ErrorAlert error={setup.formError} title="Setup failed" />
          <TextInput label="Organisation name" placeholder="Northwind MSP" required data-autofocus autoFocus {...slug.nameProps} />
          <TextInput label="Slug" description="URL-safe: lowercase letters, digits and single hyphens" required {...slug.slugProps} />
          <Divider label="Your account (SUPER_ADMIN)" labelPosition="left" />
          <TextInput label="Your name" autoComplete="name" required {...form.getInputProps('admin.name')} />
          <TextInput label="Email" type="email" autoComplete="email" required {...form.getInputProps('admin.email')} />
          <NewPasswordFields password={form.getInputProps('admin.password')} confirm={form.getInputProps('confirm')} />
          <Checkbox
            label="Require a second factor of every SUPER_ADMIN (recommended)"
            description="You set up an authenticator app right after this step; so will every SUPER_ADMIN after you. You can change this later in Admin → Settings → Security."
            {...form.getInputProps('requireSecondFactorForSuperAdmins', { type: 'checkbox' })}
          />
          <Button type="submit" loading={setup.mutation.isPending} fullWidth mt="sm">
            Create organisation and sign in
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  )
}
