import { Alert, Button, Group, Stack, Title } from '@mantine/core'
import { Link, type ErrorComponentProps } from '@tanstack/react-router'

function RouteStatus({ title, children, action }: { title: string; children: React.ReactNode; action?: React.ReactNode }) {
  return (
    <Stack maw={640}>
      <Title order={1} size="h2">
        {title}
      </Title>
      {children}
      <Group>
        {action}
        <Button component={Link} to="/" variant="default">
          Go to Overview
        </Button>
      </Group>
    </Stack>
  )
}

/** A console address that leads nowhere: mistyped, malformed, or for a record that is gone. */
export function NotFoundPage() {
  return (
    <RouteStatus title="Page not found">
      <Alert color="gray" role="status">
        This page does not exist. Choose a section in the sidebar.
      </Alert>
    </RouteStatus>
  )
}

/** A real screen that the signed-in user's role or organisation's features do not open. */
export function NoAccessPage() {
  return (
    <RouteStatus title="No access">
      <Alert color="orange" role="status">
        Your role or your organisation&apos;s features do not give you access to this page. Ask an administrator if you need it.
      </Alert>
    </RouteStatus>
  )
}

/** What a screen shows when it fails to draw: the console around it keeps working. */
export function RouteErrorPage({ error, reset }: ErrorComponentProps) {
  return (
    <RouteStatus
      title="This page failed"
      action={
        <Button onClick={reset} variant="light">
          Try again
        </Button>
      }
    >
      <Alert color="red" role="alert">
        {error instanceof Error ? error.message : String(error)}
      </Alert>
    </RouteStatus>
  )
}
