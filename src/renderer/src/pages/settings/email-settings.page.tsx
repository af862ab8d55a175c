import { Alert, Badge, Button, Card, Group, Modal, NumberInput, PasswordInput, Select, Stack, Text, TextInput, Title } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useDisclosure } from '@mantine/hooks'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import {
  emailSettingsInputSchema,
  PasswordSource,
  SmtpSecurity,
  type EmailSettings,
  type EmailSettingsInput,
  type TestEmailResult,
} from '../../../../shared/contract'
import { ErrorAlert } from '../../components/form-parts'
import { Loading } from '../../components/loading'
import { orpc } from '../../lib/bridge'
import { formatDateTime } from '../../lib/format'
import { schemaValidator, useFormMutation } from '../../lib/forms'
import { notify } from '../../lib/notices'
import { useSignedInMe } from '../../lib/session'

type Values = { host: string; port: number | string; security: string; user: string; from: string; password: string }

const SECURITY_OPTIONS = [
  { value: SmtpSecurity.NONE, label: 'None' },
  { value: SmtpSecurity.STARTTLS, label: 'STARTTLS' },
  { value: SmtpSecurity.TLS, label: 'TLS' },
]

const SMTP_OVERRIDE = 'Set by SWITCHBOARD_SMTP_URL in the environment; change it there.'
const FROM_OVERRIDE = 'Set by SWITCHBOARD_MAIL_FROM in the environment; change it there.'

// The password field is checked apart: blank here means "keep the saved one", not an empty password.
const validate = schemaValidator(emailSettingsInputSchema.omit({ password: true }))

function valuesOf(settings: EmailSettings): Values {
  const s = settings.stored
  return {
    host: s?.host ?? '',
    port: s?.port ?? 587,
    security: s?.security ?? SmtpSecurity.STARTTLS,
    user: s?.user ?? '',
    from: s?.from ?? '',
    password: '',
  }
}

/** What the form sends: a blank password keeps the saved one. */
function inputOf(v: Values): EmailSettingsInput {
  const { password, ...rest } = v
  return { ...rest, port: Number(v.port), security: v.security as EmailSettingsInput['security'], ...(password ? { password } : {}) }
}

/** Send test email, with the server's answer shown as it came. */
function TestEmail() {
  const me = useSignedInMe()
  const [to, setTo] = useState(me.user.email)
  const send = useMutation(orpc.settings.sendTestEmail.mutationOptions())
  const result: TestEmailResult | undefined = send.data
  return (
    <Card withBorder>
      <Stack>
        <Title order={2} size="h4">
          Send test email
        </Title>
        <Group align="flex-end">
          <TextInput label="Send to" type="email" value={to} onChange={(e) => setTo(e.currentTarget.value)} w={320} />
          <Button variant="default" onClick={() => send.mutate({ to: to.trim() || undefined })} loading={send.isPending}>
            Send test email
          </Button>
        </Group>
        <ErrorAlert error={send.error} />
        {result && (
          <Alert
            color={result.ok ? 'green' : 'red'}
            role={result.ok ? 'status' : 'alert'}
            title={result.ok ? `Sent to ${result.to}` : `Not sent to ${result.to}`}
          >
            <Text ff="monospace" size="sm">
              {result.message}
            </Text>
          </Alert>
        )}
      </Stack>
    </Card>
  )
}

function EmailForm({ settings }: { settings: EmailSettings }) {
  const client = useQueryClient()
  const [confirming, confirm] = useDisclosure()
  const form = useForm<Values>({ mode: 'controlled', initialValues: valuesOf(settings), validate })
  const saved = (next: EmailSettings) => {
    client.setQueryData(orpc.settings.getEmail.queryKey(), next)
    form.setValues(valuesOf(next))
    form.resetDirty(valuesOf(next))
  }
  const save = useFormMutation(form, {
    mutationFn: (v: Values) => orpc.settings.saveEmail.call(inputOf(v)),
    onSuccess: (next) => {
      saved(next)
      notify({ message: 'Email settings saved.' })
    },
  })
  const removePassword = useMutation({
    mutationFn: () => orpc.settings.saveEmail.call({ ...inputOf(valuesOf(settings)), password: null }),
    onSuccess: (next) => {
      saved(next)
      notify({ message: 'The saved password is removed.' })
    },
  })
  const clear = useMutation(
    orpc.settings.clearEmail.mutationOptions({
      onSuccess: (next) => {
        confirm.close()
        saved(next)
        notify({ message: 'Email settings removed: mail is kept in the Outbox.' })
      },
    }),
  )
  const smtpLocked = settings.overriddenBy.smtp
  const fromLocked = settings.overriddenBy.from
  const smtpField = (name: keyof Values) => ({
    ...form.getInputProps(name),
    disabled: smtpLocked,
    description: smtpLocked ? SMTP_OVERRIDE : undefined,
  })

  return (
    <Stack>
      <Card withBorder>
        <Stack gap="xs">
          <Group>
            <Text fw={600}>Mail goes out</Text>
            <Badge color={settings.delivery === 'smtp' ? 'green' : 'gray'}>
              {settings.delivery === 'smtp' ? 'over SMTP' : 'to the Outbox'}
            </Badge>
          </Group>
          {settings.delivery === 'outbox' && (
            <Text size="sm">No SMTP server is set up: messages are kept in the local Outbox and not sent.</Text>
          )}
          {settings.stored && <Text size="sm">Last saved: {formatDateTime(settings.stored.updatedAt)}</Text>}
        </Stack>
      </Card>
      {!settings.keychain.available && (
        <Alert color="yellow" title="No OS keychain" role="status">
          {`${(settings.keychain.reason ?? 'The OS keychain is not available').replace(/\.?$/, '.')}`} A password cannot be saved here; give
          it as SWITCHBOARD_SMTP_PASSWORD in the environment when starting Switchboard.
        </Alert>
      )}
      <Card withBorder>
        <form noValidate onSubmit={save.submit}>
          <Stack>
            <ErrorAlert error={save.formError} />
            <TextInput label="Host" required placeholder="smtp.example.com" {...smtpField('host')} />
            <NumberInput label="Port" required min={1} max={65535} allowDecimal={false} {...smtpField('port')} />
            <Select label="Security" data={SECURITY_OPTIONS} allowDeselect={false} {...smtpField('security')} />
            <TextInput label="User" autoComplete="off" {...smtpField('user')} />
            <TextInput
              label="Sender (From)"
              required
              placeholder="Switchboard <no-reply@example.com>"
              {...form.getInputProps('from')}
              disabled={fromLocked}
              description={fromLocked ? FROM_OVERRIDE : undefined}
            />
            <PasswordInput
              label="Password"
              autoComplete="new-password"
              {...form.getInputProps('password')}
              disabled={smtpLocked || !settings.keychain.available}
              description={
                smtpLocked
                  ? SMTP_OVERRIDE
                  : settings.passwordSet
                    ? `A password is saved (${settings.passwordSource === PasswordSource.ENVIRONMENT ? 'from SWITCHBOARD_SMTP_PASSWORD' : 'in the OS keychain'}). Leave blank to keep it.`
                    : 'Leave blank if the server takes mail without signing in.'
              }
            />
            <ErrorAlert error={removePassword.error} />
            <Group justify="space-between">
              <Group>
                <Button type="submit" loading={save.mutation.isPending}>
                  Save
                </Button>
                {settings.passwordSet && settings.passwordSource !== PasswordSource.ENVIRONMENT && !smtpLocked && (
                  <Button
                    variant="default"
                    onClick={() => removePassword.mutate()}
                    loading={removePassword.isPending}
                    disabled={!settings.stored}
                  >
                    Remove password
                  </Button>
                )}
              </Group>
              {settings.stored && (
                <Button variant="default" onClick={confirm.open}>
                  Stop sending email
                </Button>
              )}
            </Group>
          </Stack>
        </form>
      </Card>
      <TestEmail />
      <Modal opened={confirming} onClose={confirm.close} title="Stop sending email?">
        <Stack>
          <Text>The SMTP server and its password are removed. Mail is kept in the Outbox until a server is set up again.</Text>
          <ErrorAlert error={clear.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={confirm.close}>
              Cancel
            </Button>
            <Button color="red" onClick={() => clear.mutate()} loading={clear.isPending}>
              Stop sending email
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  )
}

/** Admin → Settings → Email: the SMTP server mail goes out through, its password in the OS keychain. */
export function EmailSettingsPage() {
  const settings = useQuery(orpc.settings.getEmail.queryOptions())
  return (
    <Stack maw={720}>
      <Title order={1} size="h2">
        Email
      </Title>
      {settings.isPending ? (
        <Loading label="Loading email settings" />
      ) : settings.isError ? (
        <ErrorAlert error={settings.error} />
      ) : (
        <EmailForm settings={settings.data} />
      )}
    </Stack>
  )
}
