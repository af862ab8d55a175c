/** What a command may touch of the outside world; tests pass their own. */
export interface Io {
  out(text: string): void
  err(text: string): void
  env: NodeJS.ProcessEnv
  /** First line of standard input, or null when there is none. */
  readStdinLine(): Promise<string | null>
  /** Whether standard error is a terminal (progress bars redraw in place there). */
  stderrIsTTY?: boolean
  /** Licence keys to trust instead of the built-in one; only tests set this. */
  licenceKeys?: readonly string[]
}

/** A failure meant for the user: printed without a stack, exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message)
    this.name = 'CliError'
  }
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  stderrIsTTY: process.stderr.isTTY === true,
  async readStdinLine() {
    if (process.stdin.isTTY) {
      process.stderr.write('Password for the first SUPER_ADMIN (input is not hidden; prefer SWITCHBOARD_ADMIN_PASSWORD): ')
    }
    const chunks: Buffer[] = []
    for await (const chunk of process.stdin) {
      chunks.push(chunk as Buffer)
      if (Buffer.concat(chunks).includes(10)) break
    }
    if (chunks.length === 0) return null
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? null
  },
}
