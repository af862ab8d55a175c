import { Button, Group, Modal, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useDisclosure } from '@mantine/hooks'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useNavigate } from '@tanstack/react-router'
import { managesUsers } from '../../../../shared/access'
import { teamInputSchema } from '../../../../shared/contract'
import { DialogActions, ErrorAlert } from '../../components/form-parts'
import { AnchorLink } from '../../components/links'
import { Loading } from '../../components/loading'
import { orpc } from '../../lib/bridge'
import { schemaValidator, useFormMutation } from '../../lib/forms'
import { useSignedInMe } from '../../lib/session'

function NewTeamModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const client = useQueryClient()
  const navigate = useNavigate()
  const form = useForm({ mode: 'controlled', initialValues: { name: '', description: '' }, validate: schemaValidator(teamInputSchema) })
  const close = () => {
    form.reset()
    create.clear()
    onClose()
  }
  const create = useFormMutation(
    form,
    orpc.teams.create.mutationOptions({
      onSuccess: (team) => {
        void client.invalidateQueries({ queryKey: orpc.teams.key() })
        close()
        void navigate({ to: '/admin/helpdesk/teams/$id', params: { id: team.id } })
      },
    }),
  )
  return (
    <Modal opened={opened} onClose={close} title="New Team">
      <form noValidate onSubmit={create.submit}>
        <Stack>
          <ErrorAlert error={create.formError} />
          <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
          <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
          <DialogActions onCancel={close} submit="Save" loading={create.mutation.isPending} />
        </Stack>
      </form>
    </Modal>
  )
}

/** Admin → Helpdesk → Teams. */
export function TeamsPage() {
  const me = useSignedInMe()
  const [creating, create] = useDisclosure()
  const teams = useQuery(orpc.teams.list.queryOptions())
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Teams
        </Title>
        {managesUsers(me.user.role) && <Button onClick={create.open}>+ New Team</Button>}
      </Group>
      {teams.isPending && <Loading label="Loading teams" />}
      {teams.isError && <ErrorAlert error={teams.error} />}
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
                  <AnchorLink to="/admin/helpdesk/teams/$id" params={{ id: t.id }}>
                    {t.name}
                  </AnchorLink>
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
