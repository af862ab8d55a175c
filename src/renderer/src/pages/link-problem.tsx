import { Alert, Button, Stack } from '@mantine/core'
import { useNavigate } from '@tanstack/react-router'
import { AuthLayout } from './auth-layout'

/** A clear page for a link that is expired, used, replaced or withdrawn. */
export function LinkProblem({ title, message }: { title: string; message: string }) {
  const navigate = useNavigate()
  return (
    <AuthLayout title={title} subtitle="Links from Switchboard emails work once and for a limited time.">
      <Stack>
        <Alert color="orange" role="alert">
          {message}
        </Alert>
        <Button variant="default" onClick={() => void navigate({ to: '/' })}>
          Go to sign in
        </Button>
      </Stack>
    </AuthLayout>
  )
}
