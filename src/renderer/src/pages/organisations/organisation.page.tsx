import { Badge, Button, Card, Group, Loader, Stack, Text, Textarea, Title } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { organisationUpdateSchema, type Organisation } from '../../../../shared/contract'
import { ErrorAlert } from '../../components/form-parts'
import { AnchorLink } from '../../components/links'
import { RequireSecondFactor } from '../../components/require-second-factor'
import { Loading } from '../../components/loading'
import { TenantConfirmModal, useSlugToConfirm } from '../../components/tenant-confirm'
import { effectiveFeatures, FEATURE_LABELS, type Feature, overrideWithoutEffect, parseFeatureOverride } from '../../../../shared/features'
import { orpc } from '../../lib/bridge'
import { schemaValidator, useFormMutation } from '../../lib/forms'
import { OrganisationFields } from './organisation-fields'
import { notify } from '../../lib/notices'
import { FeatureBadges } from './feature-badges'

type Values = { id: string; name: string; slug: string; isAdminTenant: boolean; isDemo: boolean; featuresEnabled: string }

function toValues(o: Organisation): Values {
  return {
    id: o.id,
    name: o.name,
    slug: o.slug,
    isAdminTenant: o.isAdminTenant,
    isDemo: o.isDemo,
    featuresEnabled: o.featuresEnabled ? JSON.stringify(o.featuresEnabled) : '',
  }
}

const validate = schemaValidator(organisationUpdateSchema)

/** An organisation in Admin → Organisations, with its Features Enabled override. */
export function OrganisationPage({ id }: { id: string }) {
  const client = useQueryClient()
  const org = useQuery(orpc.organisations.get.queryOptions({ input: { id } }))
  const licence = useQuery(orpc.licence.get.queryOptions())

  if (org.isPending || licence.isPending) {
    return <Loading label="Loading organisation" p="xl" />
  }
  if (org.isError || licence.isError) return <ErrorAlert error={org.error ?? licence.error} />

  return (
    <Stack maw={720}>
      <AnchorLink to="/admin/organisations" search>
        ← Organisations
      </AnchorLink>
      <Group>
        <Title order={1} size="h2">
          {org.data.name}
        </Title>
        {org.data.isAdminTenant && <Badge>Admin Tenant</Badge>}
        {org.data.isDemo && <Badge color="grape">Demo</Badge>}
        {org.isFetching && <Loader size="xs" aria-label="Refreshing organisation" />}
      </Group>
      <Text c="dimmed" size="sm">
        {org.data.userCount} user{org.data.userCount === 1 ? '' : 's'}
      </Text>
      {/* The form starts from the copy on screen and is never overwritten behind the operator's back:
          a later fetch of the organisation (a refetch on mount) does not reset what they typed. */}
      <OrganisationForm key={org.data.id} organisation={org.data} licensed={licence.data.features} />
      <RequireSecondFactor
        organisation={org.data}
        onChanged={(requireSecondFactor) =>
          client.setQueryData(orpc.organisations.get.queryKey({ input: { id } }), { ...org.data, requireSecondFactor })
        }
      />
    </Stack>
  )
}

function OrganisationForm({ organisation: initial, licensed }: { organisation: Organisation; licensed: readonly Feature[] }) {
  const client = useQueryClient()
  const form = useForm<Values>({ mode: 'controlled', initialValues: toValues(initial), validate })
  // Outside the home tenant a change of features asks for the slug of the organisation it changes.
  const [saved, setSaved] = useState(toValues(initial))
  const slugAsked = useSlugToConfirm(saved) !== null
  const [confirming, setConfirming] = useState<Values | null>(null)

  const save = useFormMutation(form, {
    mutationFn: (values: Values) => orpc.organisations.update.call(values),
    onSettled: () => setConfirming(null),
    onSuccess: ({ organisation, warnings }) => {
      setSaved(toValues(organisation))
      form.setValues(toValues(organisation))
      client.setQueryData(orpc.organisations.get.queryKey({ input: { id: organisation.id } }), organisation)
      void client.invalidateQueries({ queryKey: orpc.organisations.list.key() })
      void client.invalidateQueries({ queryKey: orpc.auth.me.key() })
      notify({
        tone: warnings.length ? 'warning' : 'success',
        message: [`Saved ${organisation.name}.`, ...warnings].map((line) => <div key={line}>{line}</div>),
      })
    },
  })

  // The effective set as you type: the same parser and intersection the backend uses.
  const parsed = parseFeatureOverride(form.values.featuresEnabled)
  return (
    <>
      <ErrorAlert error={save.formError} />
      <Card withBorder>
        <form
          noValidate
          onSubmit={form.onSubmit((values) => {
            save.clear()
            if (!slugAsked || values.featuresEnabled === saved.featuresEnabled) save.mutation.mutate(values)
            else setConfirming(values)
          })}
        >
          <Stack>
            <OrganisationFields
              form={form}
              nameProps={form.getInputProps('name')}
              slugProps={form.getInputProps('slug')}
              demoDescription="Mail from demo tenancies never leaves this machine"
            />
            <Textarea
              label="Features Enabled"
              description={`A JSON array of feature codes, e.g. ["helpdesk","crm","rmm"]. Leave blank to grant all licence-enabled features; [] grants none.`}
              placeholder="Blank: every feature of the licence"
              autosize
              minRows={2}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              {...form.getInputProps('featuresEnabled')}
              error={form.errors.featuresEnabled ?? (parsed.ok ? undefined : parsed.error)}
            />
            <div aria-label="Effective features" role="group">
              <Text size="sm" fw={600}>
                Effective features
              </Text>
              {parsed.ok ? (
                <FeatureBadges features={effectiveFeatures(licensed, parsed.value)} />
              ) : (
                <Text size="sm" c="dimmed">
                  Fix the field above to see them.
                </Text>
              )}
              {parsed.ok &&
                overrideWithoutEffect(licensed, parsed.value).map((f) => (
                  <Text key={f} size="sm" c="yellow.8" role="note">
                    {FEATURE_LABELS[f]} ({f}) is not in the licence: it has no effect.
                  </Text>
                ))}
            </div>
            <Text size="xs" c="dimmed">
              Licence: {licensed.map((f) => FEATURE_LABELS[f]).join(', ') || 'no features'}
            </Text>
            <Group>
              <Button type="submit" loading={save.mutation.isPending}>
                Save
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
      <TenantConfirmModal
        opened={confirming !== null}
        onClose={() => setConfirming(null)}
        title={`Change the features of ${saved.name}?`}
        confirmLabel="Save features"
        loading={save.mutation.isPending}
        touched={saved}
        onConfirm={() => confirming && save.mutation.mutate(confirming)}
      >
        <Text>Everyone in {saved.name} gets the effective features shown on this screen. You can change them back later.</Text>
      </TenantConfirmModal>
    </>
  )
}
