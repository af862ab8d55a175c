import { Badge } from '@mantine/core'
import { useDemoStatus } from '../lib/demo'

/** Always in sight in a demo store: nothing here is real, and nothing leaves this computer. */
export function DemoBadge() {
  const status = useDemoStatus()
  if (!status.data?.demo) return null
  return (
    <Badge color="orange" variant="filled" title="Made-up companies, people and tickets: mail stays in the Outbox">
      Demo data
    </Badge>
  )
}
