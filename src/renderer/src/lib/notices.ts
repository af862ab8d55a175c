import { notifications } from '@mantine/notifications'
import type { ReactNode } from 'react'

/** The one transient notice on screen; a newer one replaces it rather than stacking up. */
const NOTICE_ID = 'notice'

const TONES = {
  success: { color: 'green', autoClose: 6000 },
  // A warning waits to be read and closed.
  warning: { color: 'yellow', autoClose: false },
} as const

/**
 * Says that something worked (or worked with a caveat). Errors are not notices: they stay where
 * they happened, in an ErrorAlert.
 */
export function notify({ title, message, tone = 'success' }: { title?: string; message: ReactNode; tone?: keyof typeof TONES }) {
  notifications.hide(NOTICE_ID)
  // Announced politely: a notice reports, it does not interrupt.
  notifications.show({ id: NOTICE_ID, title, message, role: 'status', withBorder: true, ...TONES[tone] })
}
