import { Button, Code, Group, Modal, Stack, TextInput } from '@mantine/core'
import { useState, type ReactNode } from 'react'
import { useSignedInMe } from '../lib/session'
import { ACTING_ELSEWHERE, type SlugQuestion } from '../lib/slug-question'

/**
 * A destructive action on a tenant other than the home tenant asks to type that tenant's slug: a
 * slip of the switcher (or of a click in Admin → Organisations) must not change the wrong customer.
 * On the home tenant it asks nothing more than it always did.
 *
 * `touched` is the tenant the action changes when that is not simply the acting tenant (Admin →
 * Organisations edits any organisation, from wherever the operator is acting): its slug is asked
 * unless it is the home tenant.
 *
 * Returns the slug to type, or null where no slug is asked for.
 */
export function useSlugToConfirm(touched?: { id: string; slug: string }): string | null {
  const me = useSignedInMe()
  const target = touched ?? me.actingTenant
  return target.id === me.homeTenant.id ? null : target.slug
}

/**
 * The "Type <slug> to confirm" field for a confirmation dialog of your own: put `field` in the
 * dialog, keep its confirm button disabled until `confirmed`, and `reset()` when the dialog closes.
 * With `slug` null (the home tenant) there is no field and `confirmed` is always true. An action
 * over several tenants passes its own question (lib/slug-question.ts: slugQuestionForTenants).
 */
export function useSlugConfirmation(slug: string | SlugQuestion | null) {
  const question = typeof slug === 'string' ? { word: slug, description: ACTING_ELSEWHERE } : slug
  const word = question?.word ?? null
  const [typed, setTyped] = useState('')
  const confirmed = word === null || typed === word
  // Say it is wrong once it can no longer become right by typing on.
  const wrong = word !== null && typed !== '' && !word.startsWith(typed)
  const field =
    question === null ? null : (
      <TextInput
        label={
          <>
            Type <Code>{question.word}</Code> to confirm
          </>
        }
        description={question.description}
        autoComplete="off"
        spellCheck={false}
        data-autofocus
        value={typed}
        onChange={(event) => setTyped(event.currentTarget.value)}
        error={wrong ? `That is not ${word}` : undefined}
      />
    )
  return { confirmed, field, reset: () => setTyped('') }
}

/**
 * A whole confirmation dialog for a destructive action: what will happen (`children`), Cancel, and
 * the red confirm button, which outside the home tenant waits for the tenant's slug. In the home
 * tenant it is the plain confirmation it always was. Reuse it for any new destructive action:
 *
 *   <TenantConfirmModal opened={revoking !== null} title="Revoke invitation?" confirmLabel="Revoke invitation"
 *     loading={revoke.isPending} onConfirm={() => revoke.mutate({ id })} onClose={() => setRevoking(null)}>
 *     The invitation for … will be withdrawn.
 *   </TenantConfirmModal>
 *
 * `touched`: see useSlugToConfirm. `question` instead, for an action over rows of several tenants
 * (slugQuestionForTenants; null asks nothing). `destructive` false: the confirm button in the
 * usual colour, not red, for an action that only repeats something (a bulk Resend). What was typed is forgotten whenever the dialog closes.
 */
export function TenantConfirmModal({
  opened,
  title,
  onClose,
  ...body
}: {
  opened: boolean
  title: string
  onClose: () => void
} & ConfirmBodyProps) {
  // The body mounts with the dialog open and unmounts with it closed: nothing typed survives.
  return (
    <Modal opened={opened} onClose={onClose} title={title}>
      <ConfirmBody onClose={onClose} {...body} />
    </Modal>
  )
}

type ConfirmBodyProps = {
  children: ReactNode
  confirmLabel: string
  onConfirm: () => void
  loading?: boolean
  touched?: { id: string; slug: string }
  question?: SlugQuestion | null
  destructive?: boolean
}

function ConfirmBody({
  children,
  confirmLabel,
  onConfirm,
  onClose,
  loading = false,
  touched,
  question,
  destructive = true,
}: ConfirmBodyProps & { onClose: () => void }) {
  const acting = useSlugToConfirm(touched)
  const gate = useSlugConfirmation(question === undefined ? acting : question)
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault()
        if (gate.confirmed) onConfirm()
      }}
    >
      <Stack>
        <div>{children}</div>
        {gate.field}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" color={destructive ? 'red' : undefined} loading={loading} disabled={!gate.confirmed}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
