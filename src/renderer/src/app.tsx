import { Alert, Button, Center, Loader, Stack } from '@mantine/core'
import { toAppError } from '../../shared/errors'
import { useMe, useSetupStatus } from './lib/session'
import { SetupPage } from './pages/setup.page'
import { SignInPage } from './pages/sign-in.page'
import { ConsoleShell } from './shell/console-shell'

/** First run → setup; signed out → sign-in; otherwise the console. */
export function App() {
  const status = useSetupStatus()
  const me = useMe()
  const failed = status.error ?? me.error
  if (failed) {
    return (
      <Center h="100vh" p="md">
        <Stack maw={480}>
          <Alert color="red" title="Switchboard is not answering">
            {toAppError(failed).message}
          </Alert>
          <Button onClick={() => window.location.reload()}>Try again</Button>
        </Stack>
      </Center>
    )
  }
  if (!status.isSuccess || !me.isSuccess) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    )
  }
  if (status.data.needsSetup) return <SetupPage />
  if (!me.data) return <SignInPage />
  return <ConsoleShell me={me.data} />
}
