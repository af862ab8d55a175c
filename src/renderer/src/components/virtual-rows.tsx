import { Table } from '@mantine/core'
import { useWindowVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react'

/** A row's height before it is measured (a line of text with a badge). */
const ROW_ESTIMATE = 41
/** Rows drawn beyond the window, above and below: enough that short lists are drawn whole. */
const OVERSCAN = 20
/** How close to the last loaded row the window may come before the next page is asked for. */
const LOAD_AHEAD = 10

interface Paging {
  hasNextPage: boolean
  isFetchingNextPage: boolean
  fetchNextPage: () => unknown
}

/**
 * The body of a long table, drawn only around what the window shows (the page scrolls, not the
 * table), so thousands of loaded rows cost what a screenful does. It stays a real table: rows
 * keep their `aria-rowindex` (the header row is 1) for screen readers, spacer rows are hidden from
 * them, and each row's links stay in the tab order as it scrolls into view. Nearing the last loaded
 * row asks for the next page, as Load more does. Pair it with `aria-rowcount` on the table
 * (`tableRowCount`). Coming back to the list, the router restores the window's scroll and the rows
 * there are drawn again from the cache.
 */
export function VirtualRows<T>({
  rows,
  columns,
  rowKey,
  children,
  paging,
}: {
  rows: readonly T[]
  columns: number
  rowKey: (row: T) => string
  children: (row: T) => ReactNode
  paging?: Paging
}) {
  const body = useRef<HTMLTableSectionElement>(null)
  const [scrollMargin, setScrollMargin] = useState(0)
  // Where the rows start on the page; what is above them (filters, notices) may change height.
  useLayoutEffect(() => {
    if (body.current) setScrollMargin(Math.round(body.current.getBoundingClientRect().top + window.scrollY))
  })
  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize: () => ROW_ESTIMATE,
    overscan: OVERSCAN,
    scrollMargin,
    getItemKey: (index) => rowKey(rows[index]!),
  })
  const items = virtualizer.getVirtualItems()
  const last = items.at(-1)?.index ?? -1

  useEffect(() => {
    if (paging?.hasNextPage && !paging.isFetchingNextPage && last >= rows.length - LOAD_AHEAD) void paging.fetchNextPage()
  }, [last, rows.length, paging?.hasNextPage, paging?.isFetchingNextPage])

  const before = items.length ? items[0]!.start - scrollMargin : 0
  const after = items.length ? virtualizer.getTotalSize() - (items.at(-1)!.end - scrollMargin) : 0
  return (
    <Table.Tbody ref={body}>
      {before > 0 && <Spacer height={before} columns={columns} />}
      {items.map((item) => (
        <Table.Tr key={item.key} data-index={item.index} ref={virtualizer.measureElement} aria-rowindex={item.index + 2}>
          {children(rows[item.index]!)}
        </Table.Tr>
      ))}
      {after > 0 && <Spacer height={after} columns={columns} />}
    </Table.Tbody>
  )
}

/** Stands in for the rows not drawn, so the page keeps its full height and the scrollbar its place. */
function Spacer({ height, columns }: { height: number; columns: number }) {
  return (
    <tr aria-hidden="true">
      <td colSpan={columns} style={{ height, padding: 0, border: 0 }} />
    </tr>
  )
}

/**
 * The table's `aria-rowcount`: the header row and every row of the list, loaded or not; -1 (ARIA's
 * "unknown") when the total is not known, as for a search that stopped counting at its cap.
 */
export function tableRowCount(loaded: number, total: number | null): number {
  return total === null ? -1 : Math.max(loaded, total) + 1
}
