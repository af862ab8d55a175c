import { createConsoleQueryClient } from './connection-state'

/** The console's one query client: the React tree provides it, and route loaders prefetch into it. */
export const queryClient = createConsoleQueryClient()
