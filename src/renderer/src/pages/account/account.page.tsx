import { Alert, Badge, Button, Card, Code, CopyButton, Group, Image, Stack, Text, TextInput, Title } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import * as z from 'zod'
import { totpCodeSchema, type EnrolmentReason, type TotpEnrolment } from '../../../../shared/contract'
import { ErrorAlert } from '../../components/form-parts'
import { Loading } from '../../components/loading'
import { orpc } from '../../lib/bridge'
import { formatDateTime } from '../../lib/format'
import { schemaValidator, useFormMutation } from '../../lib/forms'
import { notify } from '../../lib/notices'
import { useSignedInMe } from '../../lib/session'
import { OwnerProofModal } from './owner-proof.modal'
import { PasskeysCard } from './passkeys-card'
import { RecoveryCodes } from './recovery-codes'

const confirmForm = z.object({ code: totpCodeSchema })

/** The QR code the backend drew (an SVG document), shown as an image. */
const svgSource = (svg: string) => `data:image/svg+xml;base64,${btoa(svg)}`

/** Set-up, step 2: scan (or type the key), then confirm with the first code the app shows. */
function ConfirmEnrolment({
  enrolment,
  onConfirmed,
  onCancel,
}: {
  enrolment: TotpEnrolment
  onConfirmed: (codes: string[]) => void
  onCancel: () => void
}) {
  const form = useForm({ mode: 'controlled', initialValues: { code: '' }, validate: schemaValidator(confirmForm) })
  const confirm = useFormMutation(form, {
    mutationFn: (values: { code: string }) => orpc.account.confirmTotp.call(values),
    onSuccess: ({ recoveryCodes }) => onConfirmed(recoveryCodes),
  })
  return (
    <form onSubmit={confirm.submit} noValidate>
      <Stack>
        <Text size="sm">
          1. Scan this QR code with your authenticator app (for example Microsoft Authenticator, Google Authenticator, 1Password or Aegis).
        </Text>
        <Image
          src={svgSource(enrolment.qrSvg)}
          alt="QR code to scan with your authenticator app"
          w={200}
          h={200}
          fit="contain"
          bg="white"
        />
        <Text size="sm">Cannot scan it? Enter this key in the app instead:</Text>
        <Group gap="xs">
          <Code data-testid="totp-secret" fz="md">
            {enrolment.secret}
          </Code>
          <CopyButton value={enrolment.secret}>
            {({ copied, copy }) => (
              <Button size="xs" variant="default" onClick={copy}>
                {copied ? 'Copied' : 'Copy key'}
              </Button>
            )}
          </CopyButton>
        </Group>
        <ErrorAlert error={confirm.formError} />
        <TextInput
          label="2. Enter the 6-digit code the app shows"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={7}
          required
          {...form.getInputProps('code')}
        />
        <Group>
          <Button type="submit" loading={confirm.mutation.isPending}>
            Confirm
          </Button>
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

type Dialog = 'remove' | 'regenerate' | null

/** The authenticator app and recovery codes of the signed-in user. */
function SecondFactorCard({ email }: { email: string }) {
  const client = useQueryClient()
  const status = useQuery(orpc.account.secondFactor.queryOptions())
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null)
  const [codes, setCodes] = useState<string[] | null>(null)
  const [dialog, setDialog] = useState<Dialog>(null)
  const refresh = () => client.invalidateQueries({ queryKey: orpc.account.secondFactor.key() })
  const start = useMutation({ mutationFn: () => orpc.account.startTotp.call(), onSuccess: setEnrolment })

  let body
  if (codes) {
    body = (
      <RecoveryCodes
        codes={codes}
        email={email}
        onDone={() => {
          setCodes(null)
          void refresh()
          // A session limited to enrolment is a full one now: the console shows everything again.
          void client.invalidateQueries({ queryKey: orpc.auth.me.queryKey() })
        }}
      />
    )
  } else if (enrolment) {
    body = (
      <ConfirmEnrolment
        enrolment={enrolment}
        onCancel={() => setEnrolment(null)}
        onConfirmed={(recoveryCodes) => {
          setEnrolment(null)
          // None when a passkey came first: the recovery codes from then stay.
          if (recoveryCodes.length) setCodes(recoveryCodes)
          else void client.invalidateQueries({ queryKey: orpc.auth.me.queryKey() })
          notify({ message: 'Your authenticator app is set up: signing in now asks for a code.' })
          void refresh()
        }}
      />
    )
  } else if (status.isPending) {
    body = <Loading label="Loading your second factor" />
  } else if (status.isError) {
    body = <ErrorAlert error={status.error} title="Your second factor could not be loaded" />
  } else if (!status.data.totp && !status.data.passkeys) {
    body = (
      <Stack align="flex-start">
        <Text size="sm">
          Signing in asks only for your password. Add an authenticator app (or a passkey, below): then signing in also asks for the 6-digit
          code it shows, so a stolen password alone does not open your account.
        </Text>
        <ErrorAlert error={start.error} />
        <Button onClick={() => start.mutate()} loading={start.isPending}>
          Set up an authenticator app
        </Button>
      </Stack>
    )
  } else {
    const left = status.data.recoveryCodesLeft
    const { totp, passkeys } = status.data
    body = (
      <Stack align="flex-start">
        {totp ? (
          <Group gap="xs">
            <Badge color="green" variant="light">
              On
            </Badge>
            <Text size="sm">Authenticator app set up {formatDateTime(totp.confirmedAt)}.</Text>
          </Group>
        ) : (
          <Group gap="xs">
            <Badge color="green" variant="light">
              On
            </Badge>
            <Text size="sm">
              Signing in finishes with {passkeys === 1 ? 'your passkey' : `one of your ${passkeys} passkeys`} (below). No authenticator app
              is set up.
            </Text>
          </Group>
        )}
        <Text size="sm" c={left <= 3 ? 'red' : undefined}>
          {left === 1 ? '1 recovery code left.' : `${left} recovery codes left.`}
          {left <= 3 ? ' Make new ones before you run out.' : ''}
        </Text>
        <Group>
          <Button variant="default" onClick={() => setDialog('regenerate')}>
            Make new recovery codes
          </Button>
          {totp ? (
            <Button variant="default" color="red" onClick={() => setDialog('remove')}>
              Remove authenticator app
            </Button>
          ) : (
            <>
              <ErrorAlert error={start.error} />
              <Button variant="default" onClick={() => start.mutate()} loading={start.isPending}>
                Set up an authenticator app
              </Button>
            </>
          )}
        </Group>
      </Stack>
    )
  }

  return (
    <Card withBorder component="section" aria-labelledby="second-factor-title">
      <Stack>
        <Title order={2} size="h4" id="second-factor-title">
          Two-step verification
        </Title>
        {body}
      </Stack>
      {dialog === 'remove' ? (
        <OwnerProofModal
          title="Remove authenticator app?"
          explanation={
            status.data?.passkeys
              ? 'Signing in will finish with a passkey only; your recovery codes stay. Confirm it is you:'
              : 'Signing in will ask for your password only, and your recovery codes stop working. Confirm it is you:'
          }
          submit="Remove authenticator app"
          danger
          run={(proof) => orpc.account.removeTotp.call(proof)}
          onDone={() => {
            setDialog(null)
            notify({ message: 'Authenticator app removed: signing in asks for your password only.' })
            void refresh()
          }}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog === 'regenerate' ? (
        <OwnerProofModal
          title="Make new recovery codes?"
          explanation="Your current recovery codes stop working and ten new ones are shown once. Confirm it is you:"
          submit="Make new codes"
          hasApp={Boolean(status.data?.totp)}
          run={(proof) => orpc.account.regenerateRecoveryCodes.call(proof)}
          onDone={({ recoveryCodes }) => {
            setDialog(null)
            setCodes(recoveryCodes)
            void refresh()
          }}
          onClose={() => setDialog(null)}
        />
      ) : null}
    </Card>
  )
}

/** The Passkeys section, told whether the owner-proof can be a code from an app. */
function AccountPasskeys({ email }: { email: string }) {
  const status = useQuery(orpc.account.secondFactor.queryOptions())
  return <PasskeysCard email={email} hasApp={Boolean(status.data?.totp)} />
}

/** Why this session may only set up a second factor (`Me.enrolmentReason`), as its alert says it. */
const ENROLMENT_TITLES: Record<EnrolmentReason, string> = {
  organisation: 'Your organisation requires a second factor',
  superAdmins: 'Every SUPER_ADMIN of this instance needs a second factor',
  reset: 'An administrator reset your second factor: set one up again',
}

/** Your account: who you are signed in as, and how you sign in. */
export function AccountPage() {
  const me = useSignedInMe()
  return (
    <Stack maw={720}>
      <Title order={1}>Your account</Title>
      {me.enrolmentReason && (
        <Alert color="yellow" title={ENROLMENT_TITLES[me.enrolmentReason]}>
          Set up an authenticator app or add a passkey below to go on: until then the rest of Switchboard is not available to you.
        </Alert>
      )}
      <Text>
        Signed in as <strong>{me.user.name}</strong> ({me.user.email}).
      </Text>
      <SecondFactorCard email={me.user.email} />
      <AccountPasskeys email={me.user.email} />
    </Stack>
  )
}
