import { main } from './main'

// Entry of the `switchboard` command (bin/switchboard.js loads the bundle of this file).
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error))
    process.exitCode = 1
  },
)
