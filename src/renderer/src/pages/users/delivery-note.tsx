import { Alert } from '@mantine/core'
import type { Delivery, Invitation } from '../../../../shared/contract'
import { AnchorLink } from '../../components/links'

type Sent = { invitation: Invitation; delivery: Delivery | null }

/** Where an invitation email went: the mail server, the local Outbox, or nowhere (and why). */
export function deliveryNotice({ invitation, delivery }: Sent, verb: string) {
  if (!delivery) {
    return {
      tone: 'warning' as const,
      title: 'Invitation saved, but the email was not sent',
      message: `${invitation.sendError} Use Resend in Pending Invitations to try again.`,
    }
  }
  return {
    tone: 'success' as const,
    title: `Invitation ${verb}`,
    message:
      delivery.via === 'smtp' ? (
        <>An email with a registration link valid for 7 days was sent to {delivery.to}.</>
      ) : (
        <>
          {/* Underlined: inside a sentence a link must not stand out by colour alone. */}
          The email to {delivery.to} is in the{' '}
          <AnchorLink to="/outbox" inherit underline="always">
            Outbox
          </AnchorLink>{' '}
          (a demo organisation: its mail never leaves this machine). Its registration link is valid for 7 days.
        </>
      ),
  }
}

/** The same, as the result step of the + Invite User dialog. */
export function DeliveryNote({ result, verb }: { result: Sent; verb: string }) {
  const { tone, title, message } = deliveryNotice(result, verb)
  return (
    <Alert color={tone === 'success' ? 'green' : 'orange'} title={title} role={tone === 'success' ? 'status' : 'alert'}>
      {message}
    </Alert>
  )
}
