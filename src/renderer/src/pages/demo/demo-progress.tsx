import { Progress, Text } from '@mantine/core'
import type { TaskProgress } from '../../lib/streamed-task'

/** The demo being made: a bar and the step in words, announced politely to screen readers. */
export function DemoProgress({ running, progress, label }: { running: boolean; progress: TaskProgress | null; label: string }) {
  if (!running && !progress) return null
  const percent = progress && progress.total > 0 ? (100 * progress.done) / progress.total : 5
  return (
    <>
      <Progress value={Math.max(percent, 5)} animated={running} aria-label={label} />
      <Text size="sm" c="dimmed" role="status">
        {progress?.step ?? 'Starting…'}
      </Text>
    </>
  )
}
