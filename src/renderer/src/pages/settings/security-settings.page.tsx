import { Card, Stack, Switch, Text, Title } from '@mantine/core'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { administersInstance } from '../../../../shared/access'
import { ErrorAlert } from '../../components/form-parts'
import { Loading } from '../../components/loading'
import { RequireSecondFactor } from '../../components/require-second-factor'
import { orpc } from '../../lib/bridge'
import { notify } from '../../lib/notices'
import { useSignedInMe } from '../../lib/session'

const SET_BY_ENVIRONMENT = 'Set by SWITCHBOARD_SUPER_ADMIN_SECOND_FACTOR on the server; change it there.'

/** The instance-wide rule: every SUPER_ADMIN must have a second factor (SUPER_ADMIN only). */
function SuperAdminSecondFactor() {
  const client = useQueryClient()
  const settings = useQuery(orpc.settings.getSecurity.queryOptions())
  const change = useMutation(
    orpc.settings.setSuperAdminSecondFactor.mutationOptions({
      onSuccess: (saved) => {
        client.setQueryData(orpc.settings.getSecurity.queryKey(), saved)
        // Turning it on may limit this very session to setting up a factor.
        void client.invalidateQueries({ queryKey: orpc.auth.me.key() })
        notify({
          message: saved.superAdminSecondFactor.required
            ? 'Every SUPER_ADMIN now needs a second factor: those without one set it up at their next step.'
            : 'SUPER_ADMINs no longer need a second factor.',
        })
      },
    }),
  )
  if (settings.isPending) return <Loading label="Loading security settings" />
  if (settings.isError) return <ErrorAlert error={settings.error} />
  const rule = settings.data.superAdminSecondFactor
  const fixed = rule.setBy === 'environment'
  return (
    <Card withBorder>
      <Stack gap="xs">
        <ErrorAlert error={change.error} />
        <Switch
          label="Require a second factor of every SUPER_ADMIN"
          description={
            fixed
              ? SET_BY_ENVIRONMENT
              : 'A SUPER_ADMIN without an authenticator app (you too) can only set one up until they have. Turning this off asks you to confirm it is you.'
          }
          checked={rule.required}
          disabled={fixed || change.isPending}
          onChange={(event) => change.mutate({ required: event.currentTarget.checked })}
        />
      </Stack>
    </Card>
  )
}

/**
 * Admin → Settings → Security: who must have a second factor. An ADMIN sets it for their own
 * organisation; a SUPER_ADMIN also for every SUPER_ADMIN of the instance (and per organisation on
 * its page in Admin → Organisations).
 */
export function SecuritySettingsPage() {
  const me = useSignedInMe()
  const client = useQueryClient()
  return (
    <Stack maw={720}>
      <Title order={1}>Security</Title>
      <Title order={2} size="h4">
        Your organisation
      </Title>
      <RequireSecondFactor
        organisation={{ id: me.homeTenant.id, name: me.homeTenant.name, requireSecondFactor: me.secondFactorRequired }}
        onChanged={() => void client.invalidateQueries({ queryKey: orpc.organisations.key() })}
      />
      {administersInstance(me.user.role) && (
        <>
          <Title order={2} size="h4">
            SUPER_ADMINs
          </Title>
          <Text size="sm" c="dimmed">
            SUPER_ADMINs can act in every tenant: one stolen password would open them all.
          </Text>
          <SuperAdminSecondFactor />
        </>
      )}
    </Stack>
  )
}
