import { authed, base } from '../../rpc/base'
import type { AuthService } from '../auth/auth.service'
import type { DemoService } from './demo.service'

/** The one-click demo. Explore and Reset stream progress; the console then signs in with `signIn`. */
export function demoHandlers({ demo, auth }: { demo: DemoService; auth: AuthService }) {
  return {
    status: base.demo.status.handler(() => demo.status()),

    // A streamed answer has sent its headers before the demo exists, so it cannot carry the session.
    explore: base.demo.explore.handler(({ input }) => demo.explore(input.seed)),

    signIn: base.demo.signIn.handler(({ context }) => {
      const { me, token } = auth.openSessionFor(demo.demoAdminId())
      context.session.set(token)
      return me
    }),

    reset: authed.demo.reset.handler(({ context }) => demo.reset(context.actor)),

    leave: authed.demo.leave.handler(({ input, context }) => {
      const left = demo.leave(context.actor, input.keep)
      // The session belonged to the demo's store, which this host no longer has open.
      context.session.set(null)
      return left
    }),
  }
}
