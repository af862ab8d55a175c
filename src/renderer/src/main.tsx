import '@mantine/core/styles.css'
import { MantineProvider, createTheme } from '@mantine/core'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app'
import { DesktopChrome } from './shell/desktop-chrome'

const theme = createTheme({ primaryColor: 'indigo', defaultRadius: 'md' })
const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } },
})

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <QueryClientProvider client={queryClient}>
        <App />
        <DesktopChrome />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
)
