import { useDebouncedValue } from '@mantine/hooks'
import { keepPreviousData } from '@tanstack/react-query'
import { useEffect, useState } from 'react'

/**
 * How every keyset-paged list loads: from no cursor, then each page's `nextCursor`, keeping the
 * rows on screen while a new filter's first page arrives.
 */
export const KEYSET_PAGING = {
  initialPageParam: undefined as string | undefined,
  getNextPageParam: (last: { nextCursor: string | null }) => last.nextCursor ?? undefined,
  placeholderData: keepPreviousData,
}

/**
 * A list's rows so far and the total counted with its first page, as shown: "1,000+" when a
 * search stopped counting at its cap.
 */
export function keysetRows<T>(data: { pages: { items: T[]; total: number | null; totalCapped?: boolean }[] } | undefined) {
  const first = data?.pages[0]
  const total = (first?.total ?? 0).toLocaleString('en')
  return {
    rows: data?.pages.flatMap((p) => p.items) ?? [],
    /** For people: "1,234", or "1,000+" for a search that stopped counting. */
    total: first?.totalCapped ? `${total}+` : total,
    /** For assistive technology: the exact count, or null where it is not known (a capped search). */
    count: first?.totalCapped ? null : (first?.total ?? null),
  }
}

/**
 * How long typing must pause before a search goes out: short, because a search that is overtaken
 * costs little. The list's query is keyed by the text, so when newer text arrives the older query
 * loses its last observer and TanStack Query aborts its request (oRPC hands the query's AbortSignal
 * to the transport), while `keepPreviousData` keeps the current rows on screen until the new ones come.
 */
export const SEARCH_DEBOUNCE_MS = 120

/**
 * A search box whose text reaches the address once typing pauses. Only typing moves the search into
 * the address; the address never rewrites the box while someone types in it.
 */
export function useSearchBox(current: string | undefined, commit: (search: string | undefined) => void) {
  const [text, setText] = useState(current ?? '')
  const [debounced] = useDebouncedValue(text.trim(), SEARCH_DEBOUNCE_MS)
  useEffect(() => {
    if (debounced !== (current ?? '')) commit(debounced || undefined)
  }, [debounced])
  return { value: text, onChange: (event: { currentTarget: { value: string } }) => setText(event.currentTarget.value) }
}
