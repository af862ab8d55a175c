import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        // `index` is the Electron app; `cli` is the plain-Node `switchboard` command
        // (browser shell, init) built from the same backend code.
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          cli: resolve(__dirname, 'src/main/cli/index.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        // Sandboxed preloads must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      // electron-vite leaves the renderer unminified by default; the browser shell downloads it.
      minify: true,
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/renderer/index.html') },
        // The contract's schemas are built at module level (`z.object(...)`, `oc.input(...)`, `documented(...).input(...)`); building
        // one has no effect beyond its value, so a screen that only needs a constant from the contract
        // (a role, a limit) does not pull zod and every schema into the console's first load.
        treeshake: { manualPureFunctions: ['z', 'oc', 'documented'] },
      },
    },
    plugins: [react()],
  },
})
