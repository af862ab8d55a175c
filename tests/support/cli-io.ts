import type { Io } from '../../src/main/cli/io'

/** An Io that keeps what a command prints, for `main([...], io)`. */
export function fakeIo(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = []
  const err: string[] = []
  const io: Io = { out: (t) => void out.push(t), err: (t) => void err.push(t), env, readStdinLine: async () => null }
  return { io, out: () => out.join(''), err: () => err.join('') }
}
