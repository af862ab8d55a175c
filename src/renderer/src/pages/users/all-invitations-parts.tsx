import { Button, Group, List, Select, Text } from '@mantine/core'
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import type { BulkInvitationResult } from '../../../../shared/contract'
import { orpc } from '../../lib/bridge'
import { useSearchTerm } from '../../lib/search-term'

/** Admin → All Invitations' pieces: the organisation filter and the summary of a bulk action. */

export type Bulk = 'resend' | 'revoke'

const ALL_ORGANISATIONS = 'All organisations'

export const tenantOption = (t: { id: string; name: string; slug: string }) => ({ value: t.id, label: `${t.name} (${t.slug})` })

/**
 * The organisations a member of the Admin Tenant may filter by: the tenant switcher's list, searched.
 * `known`: the chosen organisation as the rows name it, for an address opened afresh (a reload) whose
 * organisation is not among the switcher's first ones.
 */
export function TenantFilter({
  value,
  known,
  onChange,
}: {
  value: string | null
  known: { value: string; label: string } | null
  onChange: (id: string | null) => void
}) {
  const [search, setSearch] = useState('')
  const [picked, setPicked] = useState<{ value: string; label: string } | null>(null)
  const chosen = value === null ? null : picked?.value === value ? picked : known
  // The box shows the chosen organisation's name: that is not a search.
  const typed = search.trim() === (chosen?.label ?? ALL_ORGANISATIONS) ? '' : search.trim()
  const term = useSearchTerm(typed)
  const tenants = useQuery(orpc.auth.switchableTenants.queryOptions({ input: { search: term || undefined } }))
  const options = (tenants.data ?? []).map(tenantOption)
  if (chosen && !options.some((o) => o.value === chosen.value)) options.unshift(chosen)
  return (
    <Select
      label="Organisation"
      searchable
      allowDeselect={false}
      w={260}
      data={[{ value: '', label: ALL_ORGANISATIONS }, ...options]}
      value={value ?? ''}
      searchValue={search}
      onSearchChange={setSearch}
      onChange={(id, option) => {
        setPicked(id ? option : null)
        onChange(id || null)
      }}
      nothingFoundMessage="No organisation matches"
    />
  )
}

export /** What a bulk action did: done, and failed with the reason per row. */
function BulkSummary({
  action,
  results,
  emails,
  onClose,
}: {
  action: Bulk
  results: BulkInvitationResult[]
  emails: Map<string, string>
  onClose: () => void
}) {
  const done = results.filter((r) => r.ok)
  const failed = results.filter((r) => !r.ok)
  const verb = action === 'resend' ? 'Resent' : 'Revoked'
  return (
    <section aria-label="Bulk action summary" style={{ marginBottom: 'var(--mantine-spacing-md)' }}>
      <Group justify="space-between">
        <Text fw={600} role="status">
          {verb}: {done.length} done, {failed.length} failed.
        </Text>
        <Button variant="subtle" size="xs" onClick={onClose}>
          Dismiss summary
        </Button>
      </Group>
      {failed.length > 0 && (
        <List size="sm" mt="xs" aria-label="Failed invitations">
          {failed.map((r) => (
            <List.Item key={r.id}>
              {emails.get(r.id) ?? r.id}: {r.message}
            </List.Item>
          ))}
        </List>
      )}
    </section>
  )
}
