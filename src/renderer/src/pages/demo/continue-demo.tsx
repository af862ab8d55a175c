import { Button, Paper, Stack, Text } from '@mantine/core'
import { useMutation } from '@tanstack/react-query'
import { useEffect, useRef } from 'react'
import { ErrorAlert } from '../../components/form-parts'
import { orpc } from '../../lib/bridge'
import { useDemoStatus } from '../../lib/demo'
import { DEMO_SIGNED_OUT, useSignedIn } from '../../lib/session'

/**
 * The demo's way in: its SUPER_ADMIN has no password. A fresh visit (as `switchboard start --demo`
 * opens) signs in at once; after Sign out in this tab it waits for the button.
 */
export function ContinueDemo() {
  const status = useDemoStatus()
  const signedIn = useSignedIn()
  const signIn = useMutation(
    orpc.demo.signIn.mutationOptions({
      onSuccess: (me) => {
        window.sessionStorage.removeItem(DEMO_SIGNED_OUT)
        signedIn(me)
      },
    }),
  )
  const tried = useRef(false)
  const isDemo = status.data?.demo === true
  useEffect(() => {
    if (!isDemo || tried.current || window.sessionStorage.getItem(DEMO_SIGNED_OUT)) return
    tried.current = true
    signIn.mutate()
  }, [isDemo, signIn])
  if (!isDemo) return null
  return (
    <Paper withBorder p="md" mb="lg" component="section" aria-label="Demo">
      <Stack gap="xs">
        <Text size="sm">This console holds the demo: made-up companies, people and tickets.</Text>
        <Button onClick={() => signIn.mutate()} loading={signIn.isPending}>
          Continue the demo as {status.data?.adminName ?? 'its SUPER ADMIN'}
        </Button>
        <ErrorAlert error={signIn.error} title="Could not sign in to the demo" />
      </Stack>
    </Paper>
  )
}
