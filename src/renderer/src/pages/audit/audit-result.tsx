import { Badge } from '@mantine/core'
import type { AuditEntry } from '../../../../shared/contract'

const RESULT_COLOR: Record<AuditEntry['result'], string> = { ok: 'green', denied: 'orange', failed: 'red' }

/** An audit row's result (ok, denied, failed) in its colour: the Audit Log's and the Overview's. */
export function AuditResultBadge({ result }: { result: AuditEntry['result'] }) {
  return (
    <Badge color={RESULT_COLOR[result]} variant="light">
      {result}
    </Badge>
  )
}
