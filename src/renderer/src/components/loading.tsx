import { Center, Loader } from '@mantine/core'

/** The loading state of a page or list, named for screen readers. */
export function Loading({ label, p = 'lg' }: { label: string; p?: string }) {
  return (
    <Center p={p}>
      <Loader aria-label={label} />
    </Center>
  )
}
