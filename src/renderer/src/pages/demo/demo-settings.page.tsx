import { Button, Card, Group, Modal, Radio, Stack, Text, Title } from '@mantine/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useNavigate } from '@tanstack/react-router'
import { useState } from 'react'
import { ErrorAlert } from '../../components/form-parts'
import { Loading } from '../../components/loading'
import { orpc } from '../../lib/bridge'
import { useDemoRun, useDemoStatus } from '../../lib/demo'
import { notify } from '../../lib/notices'
import { DemoProgress } from './demo-progress'

/** Reset demo: asks first, then makes the demo again as it first was and signs back in. */
function ResetDemo() {
  const demo = useDemoRun()
  const navigate = useNavigate()
  const [confirming, setConfirming] = useState(false)
  const reset = async () => {
    setConfirming(false)
    const me = await demo.run(() => orpc.demo.reset.call())
    if (me) {
      notify({ message: 'The demo is as it was when you first opened it.' })
      void navigate({ to: '/' })
    }
  }
  return (
    <Card withBorder component="section" aria-labelledby="reset-demo-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="reset-demo-title">
          Reset demo
        </Title>
        <Text size="sm">
          Puts every organisation, person, team, ticket and invitation back as it was when the demo was made. What you changed or added is
          gone, the audit log included.
        </Text>
        <Group>
          <Button color="red" variant="light" onClick={() => setConfirming(true)} loading={demo.running}>
            Reset demo
          </Button>
        </Group>
        <DemoProgress running={demo.running} progress={demo.progress} label="Resetting the demo" />
        <ErrorAlert error={demo.error} title="The demo could not be reset" />
      </Stack>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title="Reset the demo?">
        <Text mb="md">Everything you changed in the demo is lost, and you are signed in again as the demo&apos;s SUPER ADMIN.</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setConfirming(false)}>
            Cancel
          </Button>
          <Button color="red" onClick={() => void reset()}>
            Reset demo
          </Button>
        </Group>
      </Modal>
    </Card>
  )
}

/** Start my own console: leaves the demo (kept aside or deleted, as chosen) for the first-run setup in an empty store. */
function StartOwnConsole() {
  const client = useQueryClient()
  const [choice, setChoice] = useState<'keep' | 'delete'>('keep')
  const [confirming, setConfirming] = useState(false)
  const leave = useMutation(
    orpc.demo.leave.mutationOptions({
      onSuccess: () => {
        setConfirming(false)
        // A new, empty store: nothing cached belongs to it. The console shows Set up your console.
        client.clear()
        window.location.hash = '#/'
        window.location.reload()
      },
    }),
  )
  return (
    <Card withBorder component="section" aria-labelledby="own-console-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="own-console-title">
          Start my own console
        </Title>
        <Text size="sm">
          Leaves the demo and starts the first-run setup in an empty store: your organisation becomes the Admin Tenant, and you create your
          own SUPER ADMIN account.
        </Text>
        <Radio.Group label="The demo" value={choice} onChange={(value) => setChoice(value as 'keep' | 'delete')}>
          <Stack gap="xs" mt="xs">
            <Radio value="keep" label="Keep it in a folder of its own (open it again with switchboard start --data <that folder>)" />
            <Radio value="delete" label="Delete it" />
          </Stack>
        </Radio.Group>
        <Group>
          <Button onClick={() => setConfirming(true)}>Start my own console</Button>
        </Group>
      </Stack>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title="Leave the demo?">
        <Text mb="md">
          {choice === 'keep'
            ? 'The demo is moved to a folder beside your data; the console starts empty, at Set up your console.'
            : 'The demo is deleted for good; the console starts empty, at Set up your console.'}
        </Text>
        <ErrorAlert error={leave.error} title="Could not leave the demo" />
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setConfirming(false)}>
            Cancel
          </Button>
          <Button
            color={choice === 'delete' ? 'red' : undefined}
            loading={leave.isPending}
            onClick={() => leave.mutate({ keep: choice === 'keep' })}
          >
            {choice === 'keep' ? 'Keep the demo and start' : 'Delete the demo and start'}
          </Button>
        </Group>
      </Modal>
    </Card>
  )
}

/** Admin → Settings → Demo: only in a store made by Explore the demo. */
export function DemoSettingsPage() {
  const status = useDemoStatus()
  return (
    <Stack maw={760}>
      <Title order={1} size="h2">
        Demo
      </Title>
      {status.isPending && <Loading label="Loading" />}
      {status.isError && <ErrorAlert error={status.error} />}
      {status.data && !status.data.demo && <Text>This console is not the demo: there is nothing to reset here.</Text>}
      {status.data?.demo && (
        <>
          <ResetDemo />
          <StartOwnConsole />
        </>
      )}
    </Stack>
  )
}
