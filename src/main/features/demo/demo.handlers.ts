import { AppError, ErrorCode } from '../../../shared/errors'
import { authed, base } from '../../rpc/base'
import type { AuthService } from '../auth/auth.service'
import type { DemoService } from './demo.service'

const CONSOLE_ONLY = 'The demo runs in the console on your own computer (switchboard start --demo), not on an instance server.'

/**
 * The one-click demo. Explore and Reset stream progress; the console then signs in with `signIn`.
 * An instance server serves many people over the network: there a passwordless sign-in, or a
 * store swapped under everyone, has no place, so it passes `onInstance` and every change is refused.
 */
export function demoHandlers({ demo, auth }: { demo: DemoService; auth: AuthService }, { onInstance = false } = {}) {
  const consoleOnly = () => {
    if (onInstance) throw new AppError(ErrorCode.UNAVAILABLE, CONSOLE_ONLY)
  }
  return {
    status: base.demo.status.handler(() => demo.status()),

    // A streamed answer has sent its headers before the demo exists, so it cannot carry the session.
    explore: base.demo.explore.handler(({ input }) => {
      consoleOnly()
      return demo.explore(input.seed)
    }),

    signIn: base.demo.signIn.handler(async ({ context }) => {
      consoleOnly()
      const { me, token } = await auth.openSessionFor(await demo.demoAdminId())
      context.session.set(token)
      return me
    }),

    reset: authed.demo.reset.handler(({ context }) => {
      consoleOnly()
      return demo.reset(context.actor)
    }),

    leave: authed.demo.leave.handler(async ({ input, context }) => {
      consoleOnly()
      const left = await demo.leave(context.actor, input.keep)
      // The session belonged to the demo's store, which this host no longer has open.
      context.session.set(null)
      return left
    }),
  }
}
