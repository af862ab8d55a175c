import { Badge, Button, Card, FileButton, Group, Stack, Text, Textarea, Title } from '@mantine/core'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { ErrorAlert } from '../components/form-parts'
import { Loading } from '../components/loading'
import { toAppError } from '../../../shared/errors'
import { orpc } from '../lib/bridge'
import { formatDateTime } from '../lib/format'
import { notify } from '../lib/notices'
import { FeatureBadges } from './organisations/feature-badges'

const STATUS_COLOR = { none: 'gray', valid: 'green', expired: 'red' } as const

/** Admin → Licence: what the instance is licensed for, and installing a new licence. */
export function LicencePage() {
  const client = useQueryClient()
  const licence = useQuery(orpc.licence.get.queryOptions())
  const [text, setText] = useState('')
  const install = useMutation(
    orpc.licence.install.mutationOptions({
      onSuccess: (status) => {
        client.setQueryData(orpc.licence.get.queryKey(), status)
        void client.invalidateQueries({ queryKey: orpc.auth.me.key() })
        void client.invalidateQueries({ queryKey: orpc.organisations.key() })
        setText('')
        notify({ message: status.message })
      },
    }),
  )
  if (licence.isPending) {
    return <Loading label="Loading licence" p="xl" />
  }
  if (licence.isError) return <ErrorAlert error={licence.error} />
  const l = licence.data
  return (
    <Stack maw={720}>
      <Title order={1} size="h2">
        Licence
      </Title>
      <Card withBorder>
        <Stack gap="xs">
          <Group>
            <Badge color={STATUS_COLOR[l.status]}>{l.status === 'none' ? 'Evaluation' : l.status}</Badge>
            <Text>{l.message}</Text>
          </Group>
          {l.licensee && <Text size="sm">Licensee: {l.licensee}</Text>}
          {l.expiresAt && <Text size="sm">Expires: {formatDateTime(l.expiresAt)}</Text>}
          <Text size="sm" fw={600}>
            Licensed features
          </Text>
          <FeatureBadges features={l.features} />
        </Stack>
      </Card>
      <Card withBorder>
        <Stack>
          <Title order={2} size="h4">
            Install a licence
          </Title>
          <Textarea
            label="Licence file contents"
            autosize
            minRows={4}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            error={install.isError ? toAppError(install.error).message : undefined}
          />
          <Group>
            <FileButton onChange={(file) => void file?.text().then(setText)} accept=".json,.lic,application/json,text/plain">
              {(props) => (
                <Button variant="default" {...props}>
                  Choose file…
                </Button>
              )}
            </FileButton>
            <Button onClick={() => install.mutate({ text })} loading={install.isPending} disabled={!text.trim()}>
              Install licence
            </Button>
          </Group>
        </Stack>
      </Card>
    </Stack>
  )
}
