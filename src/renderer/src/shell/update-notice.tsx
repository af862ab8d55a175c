import { Affix, Button, CloseButton, Group, Paper, Progress, Stack, Text } from '@mantine/core'
import { useEffect, useState } from 'react'
import { UpdateCommand, UpdatePhase, type DesktopBridge, type UpdateState } from '../../../shared/ipc'
import { updateNoticeView } from './update-notice-view'

/** The desktop app's update offer, bottom right; nothing is downloaded or installed unless clicked. */
export function UpdateNotice({ bridge }: { bridge: DesktopBridge }) {
  const [state, setState] = useState<UpdateState>({ phase: UpdatePhase.IDLE })
  const [dismissed, setDismissed] = useState<string | null>(null)
  useEffect(() => {
    const off = bridge.onUpdateState(setState)
    // A check may have finished before the page loaded: ask once for where things stand.
    bridge.updateCommand(UpdateCommand.GET_STATE).then(setState, () => undefined)
    return off
  }, [bridge])

  const view = updateNoticeView(state)
  if (!view || view.key === dismissed) return null
  const { action } = view
  return (
    <Affix position={{ bottom: 16, right: 16 }}>
      <Paper withBorder shadow="md" p="sm" w={340} role="status" aria-label="Switchboard update">
        <Stack gap="xs">
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <Text size="sm">{view.message}</Text>
            {view.dismissible && <CloseButton size="sm" aria-label="Not now" onClick={() => setDismissed(view.key)} />}
          </Group>
          {view.percent !== undefined && <Progress value={view.percent} aria-label="Download progress" />}
          {action && (
            <Group justify="flex-end">
              <Button size="xs" onClick={() => bridge.updateCommand(action.command).then(setState, () => undefined)}>
                {action.label}
              </Button>
            </Group>
          )}
        </Stack>
      </Paper>
    </Affix>
  )
}
