import { Alert, Badge, Button, Card, FileButton, Group, Stack, Text, Textarea, Title } from '@mantine/core'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { Loading } from '../components/loading'
import { toAppError } from '../../../shared/errors'
import { rpc } from '../lib/bridge'
import { formatDateTime } from '../lib/format'
import { FeatureBadges } from './organisations/feature-badges'

const STATUS_COLOR = { none: 'gray', valid: 'green', expired: 'red' } as const

/** Admin → Licence: what the instance is licensed for, and installing a new licence. */
export function LicencePage() {
  const client = useQueryClient()
  const licence = useQuery({ queryKey: ['licence'], queryFn: () => rpc.licence.get() })
  const [text, setText] = useState('')
  const install = useMutation({
    mutationFn: () => rpc.licence.install({ text }),
    onSuccess: (status) => {
      client.setQueryData(['licence'], status)
      void client.invalidateQueries({ queryKey: ['auth', 'me'] })
      void client.invalidateQueries({ queryKey: ['organisations'] })
      setText('')
    },
  })
  if (licence.isPending) {
    return <Loading label="Loading licence" p="xl" />
  }
  if (licence.isError) return <Alert color="red">{toAppError(licence.error).message}</Alert>
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
            <Button onClick={() => install.mutate()} loading={install.isPending} disabled={!text.trim()}>
              Install licence
            </Button>
          </Group>
          {install.isSuccess && (
            <Alert color="green" role="status">
              {install.data.message}
            </Alert>
          )}
        </Stack>
      </Card>
    </Stack>
  )
}
