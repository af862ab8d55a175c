import { Alert, Button, Group, Stack, Title } from '@mantine/core'
import { Link, type ErrorComponentProps } from '@tanstack/react-router'
import type { ReactNode } from 'react'

/** A screen that stands in for the one asked for, saying why, with the way back to the Overview. */
function RouteStatus({ title, color, message, action }: { title: string; color: string; message: ReactNode; action?: ReactNode }) {
  return (
    <Stack maw={640}>
      <Title order={1} size="h2">
        {title}
      </Title>
      {/* A failure interrupts; not-found and no-access only report. */}
      <Alert color={color} role={color === 'red' ? 'alert' : 'status'}>
        {message}
      </Alert>
      <Group>
        {action}
        <Button component={Link} to="/" variant="default">
          Go to Overview
        </Button>
      </Group>
    </Stack>
  )
}

/** A console address that leads nowhere: mistyped, malformed, or for a record id that is not one. */
export function NotFoundPage() {
  return <RouteStatus title="Page not found" color="gray" message="This page does not exist. Choose a section in the sidebar." />
}

/** A real screen that the signed-in user's role or organisation's features do not open. */
export function NoAccessPage() {
  return (
    <RouteStatus
      title="No access"
      color="orange"
      message="Your role or your organisation's features do not give you access to this page. Ask an administrator if you need it."
    />
  )
}

/** What a screen shows when it fails to draw: the console around it keeps working. */
export function RouteErrorPage({ error, reset }: ErrorComponentProps) {
  return (
    <RouteStatus
      title="This page failed"
      color="red"
      message={error instanceof Error ? error.message : String(error)}
      action={
        <Button onClick={reset} variant="light">
          Try again
        </Button>
      }
    />
  )
}
