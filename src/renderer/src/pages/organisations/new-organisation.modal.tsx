import { Button, Group, Modal, Progress, Stack, Text } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useQueryClient } from '@tanstack/react-query'
import { useNavigate } from '@tanstack/react-router'
import { useEffect, useRef, useState } from 'react'
import { organisationInputSchema, type Organisation } from '../../../../shared/contract'
import { DialogActions, ErrorAlert } from '../../components/form-parts'
import { orpc } from '../../lib/bridge'
import { schemaValidator, useFormMutation, useSuggestedSlug } from '../../lib/forms'
import { OrganisationFields } from './organisation-fields'

type Values = { name: string; slug: string; isAdminTenant: boolean; isDemo: boolean }

/** Fills a new demo organisation and shows how far it got. */
function DemoFill({ organisation, onDone }: { organisation: Organisation; onDone: () => void }) {
  const [progress, setProgress] = useState<{ step: string; done: number; total: number } | null>(null)
  const [error, setError] = useState<unknown>(null)
  const started = useRef(false)
  useEffect(() => {
    // Once per organisation, even when React runs effects twice in development.
    if (started.current) return
    started.current = true
    void (async () => {
      try {
        for await (const p of await orpc.organisations.fillDemo.call({ id: organisation.id })) setProgress(p)
      } catch (e) {
        setError(e)
      }
    })()
  }, [organisation.id])
  const finished = progress !== null && progress.done === progress.total
  return (
    <Stack>
      <Text>{finished ? `${organisation.name} is filled with synthetic data.` : `Filling ${organisation.name} with synthetic data…`}</Text>
      <Progress
        value={progress ? (100 * progress.done) / progress.total : 2}
        animated={!finished && error === null}
        aria-label="Demo data progress"
      />
      <Text size="sm" c="dimmed" role="status">
        {progress ? `${progress.step}: ${progress.done} of ${progress.total} records` : 'Starting…'}
      </Text>
      <ErrorAlert error={error} />
      <Group justify="flex-end">
        <Button onClick={onDone} disabled={!finished && error === null}>
          Done
        </Button>
      </Group>
    </Stack>
  )
}

/** + New Organisation: Name, Slug, Admin Tenant, Demo → Save. */
export function NewOrganisationModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const client = useQueryClient()
  const navigate = useNavigate()
  const [filling, setFilling] = useState<Organisation | null>(null)
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { name: '', slug: '', isAdminTenant: false, isDemo: false },
    validate: schemaValidator(organisationInputSchema),
  })
  const slug = useSuggestedSlug(form, 'name', 'slug')
  const close = () => {
    form.reset()
    slug.reset()
    save.clear()
    setFilling(null)
    void client.invalidateQueries({ queryKey: orpc.organisations.key() })
    void client.invalidateQueries({ queryKey: orpc.auth.switchableTenants.key() })
    onClose()
  }
  const save = useFormMutation(
    form,
    orpc.organisations.create.mutationOptions({
      onSuccess: (org) => {
        if (org.isDemo) setFilling(org)
        else {
          close()
          void navigate({ to: '/admin/organisations/$id', params: { id: org.id }, search: true })
        }
      },
    }),
  )

  return (
    <Modal opened={opened} onClose={filling ? () => undefined : close} withCloseButton={!filling} title="New Organisation">
      {filling ? (
        <DemoFill organisation={filling} onDone={close} />
      ) : (
        <form noValidate onSubmit={save.submit}>
          <Stack>
            <ErrorAlert error={save.formError} />
            <OrganisationFields
              form={form}
              nameProps={slug.nameProps}
              slugProps={slug.slugProps}
              demoDescription="A demo tenancy, filled with synthetic data; its mail never leaves this machine"
              autoFocus
            />
            <DialogActions onCancel={close} submit="Save" loading={save.mutation.isPending} />
          </Stack>
        </form>
      )}
    </Modal>
  )
}
