import { keepPreviousData } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'
import { useSearchTerm } from './search-term'

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
 * A search box whose text reaches the address at once after a quiet spell, else once typing pauses
 * (`useSearchTerm`). Only typing moves the search into the address; the address never rewrites the box
 * while someone types in it. `search` is what the list should ask for now: the typed term from the
 * render that settles it (so its request goes out without waiting for the address to change), else
 * the address's.
 */
export function useSearchBox(current: string | undefined, commit: (search: string | undefined) => void) {
  const [text, setText] = useState(current ?? '')
  const debounced = useSearchTerm(text.trim())
  // A newly settled term leads from its render until the address next changes (to it, or elsewhere by Back).
  const seen = useRef({ debounced, current, leading: null as string | null })
  if (seen.current.debounced !== debounced) seen.current = { debounced, current, leading: debounced }
  else if (seen.current.current !== current) seen.current = { debounced, current, leading: null }
  const leading = seen.current.leading
  useEffect(() => {
    if (debounced !== (current ?? '')) commit(debounced || undefined)
  }, [debounced])
  return {
    /** The text box's props. */
    box: { value: text, onChange: (event: { currentTarget: { value: string } }) => setText(event.currentTarget.value) },
    search: leading === null ? current : leading || undefined,
  }
}
