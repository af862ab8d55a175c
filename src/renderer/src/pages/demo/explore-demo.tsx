import { Button, Paper, Stack, Text, Title } from '@mantine/core'
import { ErrorAlert } from '../../components/form-parts'
import { orpc } from '../../lib/bridge'
import { useDemoRun } from '../../lib/demo'
import { DemoProgress } from './demo-progress'

/**
 * The other way in on an empty store: a console full of synthetic companies, people and tickets,
 * signed in at once as its SUPER_ADMIN. Nothing is sent anywhere: demo mail stays in the Outbox.
 */
export function ExploreDemo() {
  const demo = useDemoRun()
  return (
    <Paper withBorder p="md" bg="var(--mantine-color-default-hover)" component="section" aria-labelledby="explore-demo-title">
      <Stack gap="xs">
        <Title order={2} size="h4" id="explore-demo-title">
          Just looking? Explore the demo
        </Title>
        <Text size="sm">
          An MSP with four customer organisations, their people, teams and months of tickets — all made up, all on this computer. You are
          signed in at once; no password to invent.
        </Text>
        <Button variant="light" onClick={() => void demo.run(() => orpc.demo.explore.call({}))} loading={demo.running}>
          Explore the demo
        </Button>
        <DemoProgress running={demo.running} progress={demo.progress} label="Making the demo" />
        <ErrorAlert error={demo.error} title="The demo could not be made" />
      </Stack>
    </Paper>
  )
}
