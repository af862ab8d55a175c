import { useState } from 'react'

export interface TaskProgress {
  done: number
  total: number
  /** What it is doing now, in words, where the server says. */
  step?: string
}

/**
 * Long work the server streams progress for (a backup, an export): whether it runs, how far it
 * is, and how it failed. `run` hands the work a `report` callback for the progress events.
 */
export function useStreamedTask() {
  const [running, setRunning] = useState(false)
  const [progress, setProgress] = useState<TaskProgress | null>(null)
  const [error, setError] = useState<unknown>(null)
  async function run(work: (report: (progress: TaskProgress) => void) => Promise<void>): Promise<void> {
    setRunning(true)
    setError(null)
    setProgress(null)
    try {
      await work(setProgress)
    } catch (e) {
      setError(e)
    } finally {
      setRunning(false)
    }
  }
  return { running, progress, error, run }
}
