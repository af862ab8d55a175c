import { Badge } from '@mantine/core'
import type { Me } from '../../../shared/contract'
import { useDemoStatus } from '../lib/demo'

/**
 * Always in sight in the header, on every screen: in a demo store nothing is real and nothing leaves
 * this computer ("Demo data"); in a demo tenancy of a real store, the organisation being worked in is
 * made up and its mail stays in the Outbox ("Demo").
 */
export function DemoBadge({ me }: { me: Me }) {
  const status = useDemoStatus()
  if (status.data?.demo) {
    return (
      <Badge color="orange" variant="filled" title="Made-up companies, people and tickets: mail stays in the Outbox">
        Demo data
      </Badge>
    )
  }
  if (!me.actingTenant.isDemo) return null
  return (
    // A note with a name of its own: "Demo" alone says little to a screen reader.
    <Badge
      color="grape"
      variant="filled"
      role="note"
      aria-label={`Demo tenancy: ${me.actingTenant.name}`}
      title="A demo organisation: its mail never leaves this machine"
    >
      Demo
    </Badge>
  )
}
