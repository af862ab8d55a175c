import path from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '..', '..')
const eslint = new ESLint({ cwd: root })

const LISTENER = `import { ipcMain } from 'electron'
ipcMain.handle('x', () => 1)
ipcMain.on('y', () => undefined)
export {}
`

async function ipcFindings(filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(LISTENER, { filePath: path.join(root, filePath) })
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-properties').map((m) => m.message)
}

describe('lint keeps IPC listeners in src/main/ipc.ts', () => {
  it('refuses ipcMain.handle and ipcMain.on in other glue files', async () => {
    expect(await ipcFindings('src/main/window.ts')).toHaveLength(2)
    expect(await ipcFindings('src/main/index.ts')).toHaveLength(2)
  })

  it('allows them in the sanctioned module', async () => {
    expect(await ipcFindings('src/main/ipc.ts')).toEqual([])
  })
})
