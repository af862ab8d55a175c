import { Button, Card, Group, Paper, Select, Stack, Text, Textarea, Title } from '@mantine/core'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import type { Me, TeamDetail } from '../../../../shared/contract'
import { toAppError } from '../../../../shared/errors'
import { renderSignature, SIGNATURE_PLACEHOLDERS, signatureProblem } from '../../../../shared/signature'
import { orpc } from '../../lib/bridge'
import { notify } from '../../lib/notices'

/** Team Signature: placeholders, a live preview with a real member's values, Save. */
export function TeamSignature({ me, team }: { me: Me; team: TeamDetail }) {
  const client = useQueryClient()
  const [text, setText] = useState(team.signature ?? '')
  const active = team.members.filter((m) => m.active)
  const [previewAs, setPreviewAs] = useState<string | null>(null)
  // A real member's values: the one chosen, else the first active member, else yourself.
  const chosen = active.find((m) => m.userId === previewAs) ?? active[0]
  const agent = chosen ?? { name: me.user.name, email: me.user.email }
  const problem = signatureProblem(text)
  const save = useMutation(
    orpc.teams.setSignature.mutationOptions({
      onSuccess: (updated) => {
        client.setQueryData(orpc.teams.get.queryKey({ input: { id: team.id } }), updated)
        notify({ message: 'Signature saved.' })
      },
    }),
  )
  return (
    <Card withBorder>
      <Stack>
        <Title order={2} size="h4">
          Team Signature
        </Title>
        <Text size="sm" c="dimmed">
          Added to public replies sent as this team. Placeholders: {SIGNATURE_PLACEHOLDERS.map((p) => `{{${p}}}`).join(' ')}
        </Text>
        <Textarea
          label="Team Signature"
          autosize
          minRows={3}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          error={problem ?? (save.isError ? toAppError(save.error).message : undefined)}
          disabled={!team.canManage}
          placeholder={'-- \n{{agent.name}}\n{{team.name}} · {{organisation.name}}'}
        />
        <Group align="flex-end">
          <Select
            label="Preview as"
            data={active.map((m) => ({ value: m.userId, label: m.name }))}
            value={chosen?.userId ?? null}
            onChange={setPreviewAs}
            placeholder={active.length ? undefined : 'You (no active members yet)'}
            allowDeselect={false}
            w={240}
          />
        </Group>
        <Paper withBorder p="sm" aria-label="Signature preview" role="region">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} c={text.trim() && !problem ? undefined : 'dimmed'}>
            {!text.trim()
              ? 'No signature: replies from this team end without one.'
              : problem
                ? 'Fix the placeholders to see the preview.'
                : renderSignature(text, {
                    'agent.name': agent.name,
                    'agent.email': agent.email,
                    'team.name': team.name,
                    'organisation.name': me.actingTenant.name,
                  })}
          </Text>
        </Paper>
        {team.canManage && (
          <Group>
            <Button
              onClick={() => save.mutate({ teamId: team.id, signature: text })}
              loading={save.isPending}
              disabled={problem !== null || text === (team.signature ?? '')}
            >
              Save signature
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  )
}
