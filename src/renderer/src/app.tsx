import { Alert, Button, Center, Loader, Stack } from '@mantine/core'
import { toAppError } from '../../shared/errors'
import { match, usePath } from './lib/router'
import { useMe, useSetupStatus } from './lib/session'
import { RegisterPage } from './pages/register.page'
import { ResetPasswordPage } from './pages/reset-password.page'
import { SetupPage } from './pages/setup.page'
import { SignInPage } from './pages/sign-in.page'
import { ConsoleShell } from './shell/console-shell'

/** Email links first; then first run → setup; signed out → sign-in; otherwise the console. */
export function App() {
  const path = usePath()
  const register = match('/register/:token', path)
  if (register) return <RegisterPage key={register.token} token={register.token!} />
  const reset = match('/reset-password/:token', path)
  if (reset) return <ResetPasswordPage key={reset.token} token={reset.token!} />
  return <Console path={path} />
}

function Console({ path }: { path: string }) {
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
  return <ConsoleShell me={me.data} path={path} />
}
