import { Button, Group, Paper, SegmentedControl, Stack, Text, Textarea } from '@mantine/core'
import { useMutation } from '@tanstack/react-query'
import { useState } from 'react'
import { ReplyVisibility, type TicketThread } from '../../../../shared/contract'
import { signedReply } from '../../../../shared/signature'
import { ErrorAlert } from '../../components/form-parts'
import { orpc } from '../../lib/bridge'

/**
 * Reply (public) or Internal note. A public reply is previewed exactly as it will be sent — with the
 * signature of the ticket's team when you are one of its members (the backend works it out the
 * same way when it sends); an internal note never gets one.
 */
export function ReplyComposer({ thread, onSent }: { thread: TicketThread; onSent: (thread: TicketThread) => void }) {
  const [visibility, setVisibility] = useState<ReplyVisibility>(ReplyVisibility.PUBLIC)
  const [body, setBody] = useState('')
  const [sent, setSent] = useState('')
  const send = useMutation(
    orpc.helpdesk.reply.mutationOptions({
      onSuccess: (updated, input) => {
        setBody('')
        onSent(updated)
        // Said here, beside the button, not in a corner notice that would cover the next Send.
        setSent(input.visibility === ReplyVisibility.PUBLIC ? 'Reply sent.' : 'Internal note added.')
      },
    }),
  )
  const isPublic = visibility === ReplyVisibility.PUBLIC
  const label = isPublic ? 'Reply' : 'Internal note'
  const empty = body.trim() === ''
  return (
    <Paper withBorder p="md" component="section" aria-label="Add to the thread">
      <form
        onSubmit={(event) => {
          event.preventDefault()
          if (!empty) send.mutate({ ticketId: thread.ticket.id, body, visibility })
        }}
      >
        <Stack gap="sm">
          <SegmentedControl
            aria-label="Reply or internal note"
            value={visibility}
            onChange={(value) => setVisibility(value as ReplyVisibility)}
            data={[
              { value: ReplyVisibility.PUBLIC, label: 'Reply' },
              { value: ReplyVisibility.INTERNAL, label: 'Internal note' },
            ]}
          />
          <Textarea
            label={label}
            description={isPublic ? 'Seen by the requester.' : 'Seen by your organisation only; internal notes never get a team signature.'}
            autosize
            minRows={3}
            maxRows={12}
            value={body}
            onChange={(event) => {
              setBody(event.currentTarget.value)
              setSent('')
            }}
          />
          {isPublic && (
            <Stack gap={4}>
              <Text size="sm" fw={600} id="reply-preview-title">
                Preview
              </Text>
              <Paper withBorder p="sm" aria-labelledby="reply-preview-title" role="region">
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} c={empty ? 'dimmed' : undefined}>
                  {signedReply(empty ? 'Your reply' : body, thread.replySignature)}
                </Text>
              </Paper>
              <Text size="xs" c="dimmed">
                {thread.replySignature
                  ? `The ${thread.ticket.team?.name ?? ''} signature is added to your reply.`
                  : thread.ticket.team
                    ? `No signature: only members of ${thread.ticket.team.name} sign with its signature, and only if it has one.`
                    : 'No signature: this ticket has no team.'}
              </Text>
            </Stack>
          )}
          <ErrorAlert error={send.error} title="Not sent" />
          <Group justify="flex-end">
            <Text size="sm" c="dimmed" role="status">
              {sent}
            </Text>
            <Button type="submit" loading={send.isPending} disabled={empty}>
              {isPublic ? 'Send reply' : 'Add internal note'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  )
}
