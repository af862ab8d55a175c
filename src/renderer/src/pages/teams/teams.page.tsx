import { Alert, Anchor, Button, Group, Modal, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useDisclosure } from '@mantine/hooks'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { teamInputSchema, type Me } from '../../../../shared/contract'
import { DialogActions, FormAlert } from '../../components/form-parts'
import { toAppError } from '../../../../shared/errors'
import { Loading } from '../../components/loading'
import { rpc } from '../../lib/bridge'
import { canManageUsers } from '../../lib/format'
import { formAlert, schemaValidator } from '../../lib/forms'
import { href, navigate } from '../../lib/router'

function NewTeamModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const client = useQueryClient()
  const [formError, setFormError] = useState<string | null>(null)
  const form = useForm({ mode: 'controlled', initialValues: { name: '', description: '' }, validate: schemaValidator(teamInputSchema) })
  const close = () => {
    form.reset()
    setFormError(null)
    onClose()
  }
  const create = useMutation({
    mutationFn: (values: { name: string; description: string }) => rpc.teams.create(values),
    onSuccess: (team) => {
      void client.invalidateQueries({ queryKey: ['teams'] })
      close()
      navigate(`/admin/helpdesk/teams/${team.id}`)
    },
    onError: (error) => setFormError(formAlert(form, error)),
  })
  return (
    <Modal opened={opened} onClose={close} title="New Team">
      <form noValidate onSubmit={form.onSubmit((values) => (setFormError(null), create.mutate(values)))}>
        <Stack>
          <FormAlert message={formError} />
          <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
          <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
          <DialogActions onCancel={close} submit="Save" loading={create.isPending} />
        </Stack>
      </form>
    </Modal>
  )
}

/** Admin → Helpdesk → Teams. */
export function TeamsPage({ me }: { me: Me }) {
  const [creating, create] = useDisclosure()
  const teams = useQuery({ queryKey: ['teams', 'list'], queryFn: () => rpc.teams.list() })
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Teams
        </Title>
        {canManageUsers(me.user.role) && <Button onClick={create.open}>+ New Team</Button>}
      </Group>
      {teams.isPending && <Loading label="Loading teams" />}
      {teams.isError && <Alert color="red">{toAppError(teams.error).message}</Alert>}
      {teams.isSuccess && teams.data.length === 0 && (
        <Text c="dimmed" ta="center" p="lg">
          No teams yet. Teams group agents for routing and signatures.
        </Text>
      )}
      {teams.isSuccess && teams.data.length > 0 && (
        <Table striped aria-label="Teams">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Description</Table.Th>
              <Table.Th>Members</Table.Th>
              <Table.Th>Managers</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {teams.data.map((t) => (
              <Table.Tr key={t.id}>
                <Table.Td>
                  <Anchor href={href(`/admin/helpdesk/teams/${t.id}`)}>{t.name}</Anchor>
                </Table.Td>
                <Table.Td>{t.description}</Table.Td>
                <Table.Td>{t.memberCount}</Table.Td>
                <Table.Td>
                  {t.managers.map((m) => m.name).join(', ') || (
                    <Text c="dimmed" size="sm">
                      None
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <NewTeamModal opened={creating} onClose={create.close} />
    </Stack>
  )
}
