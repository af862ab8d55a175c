import { Select, Stack, Text, Title } from '@mantine/core'
import type { DeactivationImpact } from '../../../../shared/contract'

type ManagedTeam = DeactivationImpact['teams'][number]
/** Team id → the member appointed MANAGER in the leaving user's place. */
export type Successors = Record<string, string | null>

/** The teams the leaving user manages. */
export const managedTeams = (impact: DeactivationImpact) => impact.teams.filter((t) => t.role === 'MANAGER')

/** What becomes of a team's management when nobody is appointed: said in the impact and under the choice. */
export function withoutAppointment(team: ManagedTeam): string {
  return team.otherManagers === 0
    ? `${team.name} will have no MANAGER`
    : `${team.name} keeps ${team.otherManagers === 1 ? 'its other MANAGER' : `its ${team.otherManagers} other MANAGERs`}`
}

/** "Bo Desk is now MANAGER of Desk.": who was appointed where, for the confirmation. */
export function appointedSentence(impact: DeactivationImpact, successors: Successors): string {
  return managedTeams(impact)
    .flatMap((team) => {
      const name = team.successors.find((s) => s.id === successors[team.id])?.name
      return name ? [` ${name} is now MANAGER of ${team.name}.`] : []
    })
    .join('')
}

/**
 * Deactivation with handover: for each team the leaving user manages, optionally another active
 * member of it to appoint MANAGER in the same transaction. Left empty, the team keeps only its
 * other MANAGERs, if it has any; the choice says so.
 */
export function ManagerSuccessors({
  impact,
  value,
  onChange,
}: {
  impact: DeactivationImpact
  value: Successors
  onChange: (value: Successors) => void
}) {
  const teams = managedTeams(impact)
  if (teams.length === 0) return null
  return (
    <section aria-labelledby="successors-title">
      <Title order={3} size="h5" id="successors-title" mb="xs">
        MANAGER roles
      </Title>
      <Stack gap="xs">
        {teams.map((team) =>
          team.successors.length === 0 ? (
            <Text key={team.id} size="sm">
              {team.name}: no other active member can take over; {withoutAppointment(team)}.
            </Text>
          ) : (
            <Select
              key={team.id}
              label={`New MANAGER of ${team.name}`}
              description={`Optional. Left empty, ${withoutAppointment(team)}.`}
              placeholder="Nobody"
              clearable
              searchable
              data={team.successors.map((s) => ({ value: s.id, label: s.name }))}
              value={value[team.id] ?? null}
              onChange={(userId) => onChange({ ...value, [team.id]: userId })}
            />
          ),
        )}
      </Stack>
    </section>
  )
}
