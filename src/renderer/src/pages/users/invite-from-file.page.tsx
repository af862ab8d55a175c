import { Anchor, Badge, Button, Code, Group, Input, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { Link } from '@tanstack/react-router'
import { useId, useState } from 'react'
import {
  BULK_INVITATIONS_MAX,
  IMPORT_FILE_MAX_BYTES,
  type BulkInvitationResult,
  type ImportCheck,
  type ImportCheckedRow,
  type ImportOutcome,
} from '../../../../shared/contract'
import { AppError, ErrorCode } from '../../../../shared/errors'
import { ErrorAlert } from '../../components/form-parts'
import { Loading } from '../../components/loading'
import { TenantConfirmModal } from '../../components/tenant-confirm'
import { tableRowCount, VirtualRows } from '../../components/virtual-rows'
import { orpc } from '../../lib/bridge'
import { useSignedInMe } from '../../lib/session'
import { SendingPanel, useImportSending } from './import-send'

const OUTCOME: Record<ImportOutcome, { label: string; color: string }> = {
  invite: { label: 'Invite', color: 'green' },
  user: { label: 'Already a user', color: 'gray' },
  invited: { label: 'Already invited', color: 'blue' },
  invalid: { label: 'Invalid', color: 'red' },
}
type Shown = 'all' | ImportOutcome

/** The file's bytes as base64, a slice at a time (a 5 MB spread would overflow the call stack). */
function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

/** Reads the chosen file and has the backend parse and check it (the console never parses it itself). */
async function checkFile(file: File): Promise<ImportCheck> {
  if (file.size > IMPORT_FILE_MAX_BYTES) {
    throw new AppError(
      ErrorCode.TOO_LARGE,
      `The file is larger than ${IMPORT_FILE_MAX_BYTES / 1024 / 1024} MB. Split it into smaller files.`,
    )
  }
  return orpc.invitations.importCheck.call({ file: toBase64(new Uint8Array(await file.arrayBuffer())) })
}

/** Admin → Users → Invite from file (issue 20): a CSV file's dry run, then Send Invitations with progress. */
export function InviteFromFilePage() {
  const me = useSignedInMe()
  const client = useQueryClient()
  const inputId = useId()
  const [fileName, setFileName] = useState<string | null>(null)
  const [shown, setShown] = useState<Shown>('all')
  const [confirming, setConfirming] = useState(false)
  const [resent, setResent] = useState<BulkInvitationResult[] | null>(null)
  const sending = useImportSending()
  const check = useMutation({ mutationFn: checkFile })
  const resend = useMutation({
    mutationFn: async (ids: string[]) => {
      const results: BulkInvitationResult[] = []
      for (let i = 0; i < ids.length; i += BULK_INVITATIONS_MAX) {
        results.push(...(await orpc.invitations.resendMany.call({ ids: ids.slice(i, i + BULK_INVITATIONS_MAX) })).results)
      }
      return results
    },
    onSuccess: setResent,
    onSettled: () => client.invalidateQueries({ queryKey: orpc.invitations.key() }),
  })

  const result = check.data
  const rows = result ? (shown === 'all' ? result.rows : result.rows.filter((r) => r.outcome === shown)) : []
  const toInvite = result?.rows.filter((r) => r.outcome === 'invite') ?? []
  const invitedIds = result?.rows.flatMap((r) => (r.outcome === 'invited' && r.invitationId ? [r.invitationId] : [])) ?? []
  const busy = sending.state?.running ?? false

  const choose = (file: File | undefined) => {
    sending.reset()
    setResent(null)
    setShown('all')
    setFileName(file?.name ?? null)
    if (file) check.mutate(file)
    else check.reset()
  }

  return (
    <>
      <Group justify="space-between" mb="xs">
        <Title order={1} size="h2">
          Invite from file
        </Title>
        <Anchor component={Link} to="/admin/users">
          Back to Users
        </Anchor>
      </Group>
      <Text c="dimmed" mb="md">
        Invite many people to {me.actingTenant.name} at once from a CSV file (UTF-8, at most 5 MB). Its first row names the columns{' '}
        <Code>email</Code> and <Code>role</Code>, and optionally <Code>name</Code> and <Code>team</Code>. Nothing is sent until you check
        what will happen and choose Send Invitations.
      </Text>
      <Input.Wrapper label="CSV file" id={inputId} description="Choose a file: it is checked at once, nothing is sent yet." mb="md">
        <input
          id={inputId}
          type="file"
          accept=".csv,text/csv"
          disabled={busy}
          style={{ display: 'block', marginTop: 4 }}
          onChange={(event) => choose(event.currentTarget.files?.[0])}
        />
      </Input.Wrapper>
      {check.isPending && <Loading label={`Checking ${fileName ?? 'the file'}`} />}
      {check.isError && <ErrorAlert error={check.error} title="This file cannot be used" />}
      {sending.state && <SendingPanel sending={sending.state} onCancel={sending.cancel} onResume={sending.resume} />}
      {result && (
        <Stack>
          <Group aria-label="Dry run counts" role="group">
            {(Object.keys(OUTCOME) as ImportOutcome[]).map((outcome) => (
              <Badge key={outcome} size="lg" variant="light" color={OUTCOME[outcome].color}>
                {OUTCOME[outcome].label}: {result.counts[outcome]}
              </Badge>
            ))}
          </Group>
          <Group>
            <Button disabled={toInvite.length === 0 || busy || sending.state !== null} onClick={() => setConfirming(true)}>
              Send Invitations ({toInvite.length})
            </Button>
            {invitedIds.length > 0 && (
              <Button
                variant="light"
                loading={resend.isPending}
                disabled={busy || resent !== null}
                onClick={() => resend.mutate(invitedIds)}
              >
                Resend already invited ({invitedIds.length})
              </Button>
            )}
          </Group>
          {resend.isError && <ErrorAlert error={resend.error} />}
          {resent && (
            <Text role="status">
              Resent: {resent.filter((r) => r.ok).length} done, {resent.filter((r) => !r.ok).length} failed
              {resent.some((r) => !r.ok) ? ` (${resent.find((r) => !r.ok)?.message})` : ''}.
            </Text>
          )}
          <SegmentedControl
            aria-label="Show rows"
            value={shown}
            onChange={(value) => setShown(value as Shown)}
            data={[
              { value: 'all', label: `All (${result.rows.length})` },
              ...(Object.keys(OUTCOME) as ImportOutcome[]).map((o) => ({ value: o, label: `${OUTCOME[o].label} (${result.counts[o]})` })),
            ]}
          />
          {rows.length === 0 ? (
            <Text c="dimmed" ta="center" p="lg">
              {result.rows.length === 0 ? 'The file has a header but no rows.' : 'No rows with this outcome.'}
            </Text>
          ) : (
            <CheckedRowsTable rows={rows} />
          )}
        </Stack>
      )}
      <TenantConfirmModal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title="Send invitations?"
        confirmLabel={`Send ${toInvite.length} invitation(s)`}
        onConfirm={() => {
          setConfirming(false)
          sending.start(toInvite.map(({ line, email, role, name, team }) => ({ line, email, role, name, team })))
        }}
      >
        <Text>
          {toInvite.length} people will be emailed an invitation to join <b>{me.actingTenant.name}</b>, valid for 7 days. Each row is
          checked again as it is sent. You can cancel while they are sent; those already sent stay sent.
        </Text>
      </TenantConfirmModal>
    </>
  )
}

/** The dry run, row by row: drawn only around what the window shows, so a 5,000-row file stays quick. */
function CheckedRowsTable({ rows }: { rows: ImportCheckedRow[] }) {
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table striped aria-label="Rows of the file" aria-rowcount={tableRowCount(rows.length, rows.length)}>
        <Table.Thead>
          <Table.Tr aria-rowindex={1}>
            <Table.Th w={70}>Line</Table.Th>
            <Table.Th>Email</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Name</Table.Th>
            <Table.Th>Team</Table.Th>
            <Table.Th>What will happen</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <VirtualRows rows={rows} columns={6} rowKey={(row) => String(row.line)}>
          {(row) => (
            <>
              <Table.Td>{row.line}</Table.Td>
              {/* Cells are shown as text, exactly as the file has them: a "=…" cell is never a formula here. */}
              <Table.Td>{row.email}</Table.Td>
              <Table.Td>{row.role}</Table.Td>
              <Table.Td>{row.name}</Table.Td>
              <Table.Td>{row.team}</Table.Td>
              <Table.Td>
                <Badge variant="light" color={OUTCOME[row.outcome].color}>
                  {OUTCOME[row.outcome].label}
                </Badge>{' '}
                {row.reason && (
                  <Text span size="sm">
                    {row.reason}
                  </Text>
                )}
              </Table.Td>
            </>
          )}
        </VirtualRows>
      </Table>
    </Table.ScrollContainer>
  )
}
