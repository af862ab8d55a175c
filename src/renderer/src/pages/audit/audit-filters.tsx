import { Group, Loader, SegmentedControl, Select, TextInput } from '@mantine/core'
import { useQuery } from '@tanstack/react-query'
import { seesEveryTenantsAudit } from '../../../../shared/access'
import { AUDIT_RESULTS, auditFilterSchema } from '../../../../shared/contract'
import { orpc } from '../../lib/bridge'
import { useSearchBox } from '../../lib/lists'
import { useSignedInMe } from '../../lib/session'
import type { AuditSearch } from '../../router/search'

const RESULT_OPTIONS = [{ value: 'all', label: 'All' }, ...AUDIT_RESULTS.map((r) => ({ value: r, label: r }))]

/** Tenant filter: only a SUPER_ADMIN in the Admin Tenant reads other tenants' rows. */
function TenantFilter({ value, onChange }: { value: string | undefined; onChange: (id: string | undefined) => void }) {
  const orgs = useQuery(orpc.organisations.list.queryOptions({ input: { limit: 200 } }))
  return (
    <Select
      label="Tenant"
      placeholder="All tenants"
      data={orgs.data?.items.map((o) => ({ value: o.id, label: o.name })) ?? []}
      value={value ?? null}
      onChange={(v) => onChange(v ?? undefined)}
      searchable
      clearable
      w={200}
      error={orgs.isError ? 'Organisations could not be loaded' : undefined}
    />
  )
}

/** Admin → Audit Log's filters; each change goes into the address. */
export function AuditFilters({
  filters,
  refine,
  fetching,
}: {
  filters: AuditSearch
  refine: (change: Partial<AuditSearch>) => void
  fetching: boolean
}) {
  const me = useSignedInMe()
  const actions = useQuery(orpc.audit.actions.queryOptions())
  // A half-typed address filters nothing yet: only a whole one reaches the list.
  const actor = useSearchBox(filters.actorEmail, (text) => {
    if (!text || auditFilterSchema.shape.actorEmail.safeParse(text).success) refine({ actorEmail: text })
  })
  const actorInvalid = actor.box.value.trim() !== '' && !auditFilterSchema.shape.actorEmail.safeParse(actor.box.value).success
  const target = useSearchBox(filters.target, (text) => refine({ target: text }))
  return (
    <Group mb="md" align="flex-end" wrap="wrap">
      <TextInput
        label="Actor email"
        placeholder="name@example.com"
        {...actor.box}
        error={actorInvalid ? 'Enter a whole email address' : undefined}
        w={220}
      />
      <Select
        label="Action"
        placeholder="All actions"
        data={actions.data ?? []}
        value={filters.action ?? null}
        onChange={(v) => refine({ action: v ?? undefined })}
        searchable
        clearable
        w={200}
        error={actions.isError ? 'Actions could not be loaded' : undefined}
      />
      <TextInput label="Target" placeholder="Id or email" {...target.box} w={200} />
      <div>
        <SegmentedControl
          aria-label="Result"
          value={filters.result ?? 'all'}
          onChange={(v) => refine({ result: v === 'all' ? undefined : (v as AuditSearch['result']) })}
          data={RESULT_OPTIONS}
        />
      </div>
      {seesEveryTenantsAudit(me.user.role, me.actingTenant.isAdminTenant) && (
        <TenantFilter value={filters.tenantId} onChange={(tenantId) => refine({ tenantId })} />
      )}
      <TextInput
        label="From"
        type="date"
        value={filters.from ?? ''}
        onChange={(e) => refine({ from: e.currentTarget.value || undefined })}
      />
      <TextInput
        label="To (inclusive)"
        type="date"
        value={filters.to ?? ''}
        onChange={(e) => refine({ to: e.currentTarget.value || undefined })}
      />
      {fetching && <Loader size="sm" aria-label="Loading audit log" />}
    </Group>
  )
}
