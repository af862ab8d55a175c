import { Alert, Button, CopyButton, Group, List, Stack, Text } from '@mantine/core'

/** The recovery codes as a text file to keep: one a line, with what they are for. */
function download(codes: readonly string[], email: string) {
  const text = [
    `Switchboard recovery codes for ${email}`,
    'Each code works once, in place of a code from your authenticator app.',
    '',
    ...codes,
    '',
  ].join('\n')
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }))
  const link = document.createElement('a')
  link.href = url
  link.download = 'switchboard-recovery-codes.txt'
  link.click()
  URL.revokeObjectURL(url)
}

/** Recovery codes just made: shown this once, to copy or download, then gone from the screen. */
export function RecoveryCodes({ codes, email, onDone }: { codes: readonly string[]; email: string; onDone: () => void }) {
  return (
    <Stack>
      <Alert color="yellow" title="Save your recovery codes now" role="status">
        Each of these codes signs you in once if you lose your authenticator app. They are shown only this once: copy them or download them,
        and keep them somewhere safe.
      </Alert>
      <List aria-label="Recovery codes" listStyleType="none" ff="monospace" spacing={4} data-testid="recovery-codes">
        {codes.map((code) => (
          <List.Item key={code}>{code}</List.Item>
        ))}
      </List>
      <Group>
        <CopyButton value={codes.join('\n')}>
          {({ copied, copy }) => (
            <Button variant="default" onClick={copy}>
              {copied ? 'Copied' : 'Copy codes'}
            </Button>
          )}
        </CopyButton>
        <Button variant="default" onClick={() => download(codes, email)}>
          Download codes
        </Button>
        <Button onClick={onDone}>I have saved them</Button>
      </Group>
      <Text size="sm" c="dimmed">
        Making new codes later (on this page) stops these from working.
      </Text>
    </Stack>
  )
}
