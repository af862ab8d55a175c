import { Alert, Anchor } from '@mantine/core'
import type { Delivery, Invitation } from '../../../../shared/contract'
import { href } from '../../lib/router'

/** Says where an email went: the mail server, the local Outbox, or nowhere (and why). */
export function DeliveryNote({ result, verb }: { result: { invitation: Invitation; delivery: Delivery | null }; verb: string }) {
  const { invitation, delivery } = result
  if (!delivery) {
    return (
      <Alert color="orange" title="Invitation saved, but the email was not sent" role="alert">
        {invitation.sendError} Use Resend in Pending Invitations to try again.
      </Alert>
    )
  }
  return (
    <Alert color="green" title={`Invitation ${verb}`} role="status">
      {delivery.via === 'smtp' ? (
        <>An email with a registration link valid for 7 days was sent to {delivery.to}.</>
      ) : (
        <>
          The email to {delivery.to} is in the{' '}
          <Anchor href={href('/outbox')} inherit>
            Outbox
          </Anchor>{' '}
          (no mail server is configured for this organisation). Its registration link is valid for 7 days.
        </>
      )}
    </Alert>
  )
}
