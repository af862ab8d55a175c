import type { Page } from '@playwright/test'
import { expect, test } from '../fixtures'
import { OPERATOR as operator, SetupScreen } from '../pages/setup.page'
import { UsersScreen } from '../pages/users.page'

/**
 * The search pause (issue 22): the first keystroke after a quiet spell searches at once; keystrokes
 * in a burst wait for typing to pause, and only the burst's last text is asked for. The page's clock
 * is stopped, so "at once" means with no timer run at all, and a burst is any keystrokes typed while
 * the clock stands still.
 */
test.beforeEach(({ host }) => {
  test.skip(host !== 'browser', 'counts the HTTP calls of the browser shell; the Electron window talks over a MessagePort')
})

/** The search terms of the users list calls the page sends from now on. */
function usersSearches(page: Page): string[] {
  const sent: string[] = []
  page.on('request', (request) => {
    if (!request.url().endsWith('/rpc/users/list')) return
    const body = JSON.stringify(request.postDataJSON())
    sent.push(/"search":"([^"]*)"/.exec(body)?.[1] ?? '')
  })
  return sent
}

test('a search goes out at the first keystroke, and once for a burst of keystrokes', async ({ app }) => {
  await new SetupScreen(app).complete()
  const users = new UsersScreen(app)
  await users.open()
  await expect(users.userRow(operator.name)).toBeVisible()

  await app.clock.install()
  await app.clock.pauseAt(Date.now() + 60_000)
  const sent = usersSearches(app)

  // The first keystroke: its request goes out while the clock stands still.
  await users.search.press('n')
  await expect.poll(() => sent).toEqual(['n'])

  // A burst: nothing more goes out until typing has paused.
  await users.search.pressSequentially('ort')
  await app.clock.runFor(10)
  expect(sent).toEqual(['n'])
  await app.clock.runFor(200)
  await expect.poll(() => sent).toEqual(['n', 'nort'])
  // The rows are the last text's (the operator's address is at northwind.test).
  await expect(users.userRow(operator.name)).toBeVisible()
  await expect(users.table.getByRole('row')).toHaveCount(2)
})
