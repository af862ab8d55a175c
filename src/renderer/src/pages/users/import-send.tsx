import { Alert, Button, Group, List, Progress, Stack, Text } from '@mantine/core'
import { useQueryClient } from '@tanstack/react-query'
import { Link } from '@tanstack/react-router'
import { useRef, useState } from 'react'
import { IMPORT_CHUNK_MAX, type ImportResult, type ImportRow } from '../../../../shared/contract'
import { ErrorAlert } from '../../components/form-parts'
import { orpc } from '../../lib/bridge'

/** One chunk of rows and the key it is always sent under: sending it again never invites twice. */
interface Chunk {
  key: string
  rows: ImportRow[]
}

export interface Sending {
  /** Rows sent so far (answered), of `total`. */
  done: number
  total: number
  running: boolean
  /** Stopped by Cancel before every chunk was sent. */
  cancelled: boolean
  /** A chunk that failed as a whole (the instance did not answer, the session ended): Continue sends it again. */
  error: unknown
  results: ImportResult[]
}

/**
 * Send Invitations: the valid rows in chunks of IMPORT_CHUNK_MAX, one call after another; progress is
 * the chunks answered. Cancel stops before the next chunk (what was sent stays sent). A chunk whose
 * call fails keeps its key, so Continue resends it without inviting anyone twice.
 */
export function useImportSending() {
  const client = useQueryClient()
  const chunks = useRef<Chunk[]>([])
  const next = useRef(0)
  const stop = useRef(false)
  const [state, setState] = useState<Sending | null>(null)

  async function run() {
    stop.current = false
    setState((s) => s && { ...s, running: true, cancelled: false, error: null })
    while (next.current < chunks.current.length) {
      if (stop.current) {
        setState((s) => s && { ...s, running: false, cancelled: true })
        break
      }
      const chunk = chunks.current[next.current]!
      try {
        const { results } = await orpc.invitations.importApply.call(chunk)
        next.current++
        setState((s) => s && { ...s, done: s.done + chunk.rows.length, results: [...s.results, ...results] })
      } catch (error) {
        setState((s) => s && { ...s, running: false, error })
        break
      }
    }
    if (next.current >= chunks.current.length) setState((s) => s && { ...s, running: false })
    await client.invalidateQueries({ queryKey: orpc.invitations.key() })
  }

  return {
    state,
    start(rows: ImportRow[]) {
      chunks.current = []
      for (let i = 0; i < rows.length; i += IMPORT_CHUNK_MAX) {
        chunks.current.push({ key: crypto.randomUUID(), rows: rows.slice(i, i + IMPORT_CHUNK_MAX) })
      }
      next.current = 0
      setState({ done: 0, total: rows.length, running: true, cancelled: false, error: null, results: [] })
      void run()
    },
    resume: () => void run(),
    cancel() {
      stop.current = true
    },
    reset() {
      chunks.current = []
      setState(null)
    },
  }
}

/** The progress bar while sending, then the summary: sent, sent without email, failed with the reason per row. */
export function SendingPanel({ sending, onCancel, onResume }: { sending: Sending; onCancel: () => void; onResume: () => void }) {
  const percent = sending.total ? Math.round((sending.done / sending.total) * 100) : 0
  const sent = sending.results.filter((r) => r.ok && !r.message)
  const unmailed = sending.results.filter((r) => r.ok && r.message)
  const failed = sending.results.filter((r) => !r.ok)
  const finished = !sending.running && !sending.error
  return (
    <Stack mb="lg" component="section" aria-label="Sending invitations">
      <Progress.Root size="lg">
        <Progress.Section value={percent} aria-label="Invitations sent" animated={sending.running} />
      </Progress.Root>
      <Group justify="space-between">
        <Text role="status">
          {sending.running ? 'Sending… ' : ''}
          {sending.done} of {sending.total} rows sent{sending.cancelled ? ' — cancelled; the rest were not sent.' : '.'}
        </Text>
        {sending.running && (
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
        )}
      </Group>
      {sending.error !== null && (
        <Stack gap="xs">
          <ErrorAlert error={sending.error} title="A chunk of invitations could not be sent" />
          <Group>
            <Button onClick={onResume}>Continue sending</Button>
          </Group>
        </Stack>
      )}
      {(finished || sending.cancelled) && (
        <Alert color={failed.length ? 'yellow' : 'green'} title="Summary">
          <Text fw={600}>
            Sent: {sent.length}. Invited, email not sent: {unmailed.length}. Failed: {failed.length}.
            {sending.cancelled ? ` Not sent (cancelled): ${sending.total - sending.done}.` : ''}
          </Text>
          {unmailed.length + failed.length > 0 && (
            <List size="sm" mt="xs" aria-label="Rows not sent">
              {[...failed, ...unmailed].map((r) => (
                <List.Item key={r.line}>
                  Line {r.line}, {r.email}: {r.message}
                </List.Item>
              ))}
            </List>
          )}
          <Text size="sm" mt="xs">
            The new invitations are under <Link to="/admin/users/invitations">Pending Invitations</Link>
            {unmailed.length ? '; Resend them there once mail works.' : '.'}
          </Text>
        </Alert>
      )}
    </Stack>
  )
}
