import { Accordion, Anchor, Stack, Text, Title } from '@mantine/core'
import { useQuery } from '@tanstack/react-query'
import { Fragment } from 'react'
import { ErrorAlert } from '../components/form-parts'
import { Loading } from '../components/loading'
import { orpc } from '../lib/bridge'
import { formatDateTime } from '../lib/format'

/** Shows a plain-text body with its links clickable. */
function Body({ text }: { text: string }) {
  const parts = text.split(/(\S+:\/\/\S+)/g)
  return (
    <Text style={{ whiteSpace: 'pre-wrap' }} size="sm">
      {parts.map((part, i) =>
        /^\S+:\/\/\S+$/.test(part) ? (
          <Anchor key={i} href={part} style={{ wordBreak: 'break-all' }}>
            {part}
          </Anchor>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </Text>
  )
}

/** Mail kept on this machine (no SMTP server configured, or a demo tenancy). */
export function OutboxPage() {
  const mail = useQuery(orpc.outbox.list.queryOptions({ refetchInterval: 5000 }))
  return (
    <Stack>
      <Title order={1} size="h2">
        Outbox
      </Title>
      <Text c="dimmed" size="sm">
        Without a mail server (SWITCHBOARD_SMTP_URL), and always for demo organisations, emails are kept here instead of being sent.
      </Text>
      {mail.isPending && <Loading label="Loading the Outbox" />}
      {mail.isError && <ErrorAlert error={mail.error} />}
      {mail.isSuccess && mail.data.length === 0 && (
        <Text c="dimmed" ta="center" p="lg">
          The Outbox is empty.
        </Text>
      )}
      {mail.isSuccess && mail.data.length > 0 && (
        <Accordion variant="separated" aria-label="Messages">
          {mail.data.map((m) => (
            <Accordion.Item key={m.id} value={m.id}>
              <Accordion.Control>
                <Text fw={600} size="sm">
                  {m.subject}
                </Text>
                <Text size="xs" c="dimmed">
                  To {m.to} · {formatDateTime(m.createdAt)}
                </Text>
              </Accordion.Control>
              <Accordion.Panel>
                <Body text={m.text} />
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
      )}
    </Stack>
  )
}
