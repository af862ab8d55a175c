import { Button, Group, Progress, Text } from '@mantine/core'
import type { AuditFilter } from '../../../../shared/contract'
import { ErrorAlert } from '../../components/form-parts'
import { orpc } from '../../lib/bridge'
import { notify } from '../../lib/notices'
import { useStreamedTask } from '../../lib/streamed-task'

/** Hands the joined text to the browser as a file download. */
function download(text: string, fileName: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  document.body.append(link)
  link.click()
  link.remove()
  // After the click has handed the file over; revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/** Export CSV of the filtered log: streamed pieces with progress, then one .csv file. */
export function AuditExport({ filter }: { filter: AuditFilter }) {
  const { running, progress, error, run } = useStreamedTask()
  const start = () =>
    run(async (report) => {
      const pieces: string[] = []
      for await (const event of await orpc.audit.exportCsv.call({ filter })) {
        if (event.type === 'csv') pieces.push(event.text)
        else report({ done: event.done, total: event.total })
      }
      download(pieces.join(''), `audit-log-${new Date().toISOString().slice(0, 10)}.csv`)
      notify({ message: 'Audit log exported.' })
    })
  return (
    <>
      <Group>
        <Button variant="default" onClick={() => void start()} loading={running}>
          Export CSV
        </Button>
        {running && (
          <>
            <Progress
              w={200}
              value={progress && progress.total > 0 ? (100 * progress.done) / progress.total : 2}
              animated
              aria-label="Export progress"
            />
            <Text size="sm" c="dimmed" role="status">
              {progress ? `${progress.done} of ${progress.total} rows` : 'Starting…'}
            </Text>
          </>
        )}
      </Group>
      <ErrorAlert error={error} />
    </>
  )
}
