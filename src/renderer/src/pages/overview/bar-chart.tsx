import { Box, Group, Table, Text } from '@mantine/core'
import { useId, type ReactNode } from 'react'

export interface Bar {
  /** The row's name in the table, and the bar's label where there is room for one. */
  label: string
  value: number
  /** A shorter label under a column (days); defaults to `label`. */
  short?: string
}

const WIDTH = 320
const BAR_GAP = 4

/** Rounds the axis up to a number people read at a glance (1, 2, 5 × 10ⁿ). */
function niceMax(max: number): number {
  if (max <= 0) return 1
  const power = 10 ** Math.floor(Math.log10(max))
  return [1, 2, 5, 10].map((m) => m * power).find((v) => v >= max)!
}

/** Columns over time, oldest on the left; every third label under them so that they do not collide. */
function Columns({ bars, max }: { bars: readonly Bar[]; max: number }) {
  const height = 140
  const axis = 18
  const slot = WIDTH / bars.length
  return (
    <svg viewBox={`0 0 ${WIDTH} ${height + axis}`} width="100%" aria-hidden="true" focusable="false">
      <line x1={0} x2={WIDTH} y1={height} y2={height} stroke="var(--mantine-color-gray-5)" />
      {bars.map((bar, n) => {
        const h = (bar.value / max) * (height - 14)
        const x = n * slot + BAR_GAP / 2
        return (
          <g key={bar.label}>
            <rect x={x} y={height - h} width={slot - BAR_GAP} height={h} rx={2} fill="var(--mantine-color-blue-6)" />
            {bar.value > 0 && (
              <text x={x + (slot - BAR_GAP) / 2} y={height - h - 3} fontSize={9} textAnchor="middle" fill="currentColor">
                {bar.value}
              </text>
            )}
            {(bars.length - 1 - n) % 3 === 0 && (
              // The last label ends at the chart's edge instead of running past it.
              <text
                x={n === bars.length - 1 ? WIDTH : x + (slot - BAR_GAP) / 2}
                y={height + 13}
                fontSize={9}
                textAnchor={n === bars.length - 1 ? 'end' : 'middle'}
                fill="currentColor"
              >
                {bar.short ?? bar.label}
              </text>
            )}
          </g>
        )
      })}
    </svg>
  )
}

/**
 * Roughly how wide `text` is drawn at `fontSize` in a sans-serif face, in the chart's units: wide
 * capitals, narrow punctuation, each a little wider than in the widest common faces (DejaVu Sans,
 * which Linux desktops fall back on), so that a label shortened to fit does.
 */
function estimatedWidth(text: string, fontSize: number): number {
  let em = 0
  for (const c of text) em += /[MW@…]/.test(c) ? 1 : /[mw]/.test(c) ? 0.92 : /[A-Z]/.test(c) ? 0.76 : /[ijl.,:;'|! -]/.test(c) ? 0.36 : 0.63
  return em * fontSize
}

/** `label`, or as much of it as fits in `room` followed by an ellipsis. */
function fitLabel(label: string, room: number, fontSize: number): string {
  if (estimatedWidth(label, fontSize) <= room) return label
  const chars = [...label]
  while (chars.length > 1 && estimatedWidth(`${chars.join('').trimEnd()}…`, fontSize) > room) chars.pop()
  return `${chars.join('').trimEnd()}…`
}

/** One bar per row, longest first as given, the name at the left and the value at the bar's end. */
function Rows({ bars, max }: { bars: readonly Bar[]; max: number }) {
  const row = 20
  const nameWidth = 110
  const room = WIDTH - nameWidth - 34
  return (
    <svg viewBox={`0 0 ${WIDTH} ${bars.length * row}`} width="100%" aria-hidden="true" focusable="false">
      {bars.map((bar, n) => {
        const w = Math.max(1, (bar.value / max) * room)
        const y = n * row
        const name = fitLabel(bar.label, nameWidth - 8, 10)
        return (
          <g key={`${bar.label}-${n}`}>
            <text x={nameWidth - 6} y={y + 14} fontSize={10} textAnchor="end" fill="currentColor">
              {name}
            </text>
            <rect x={nameWidth} y={y + 3} width={w} height={row - 6} rx={2} fill="var(--mantine-color-teal-6)" />
            <text x={nameWidth + w + 4} y={y + 14} fontSize={10} fill="currentColor">
              {bar.value}
            </text>
          </g>
        )
      })}
    </svg>
  )
}

/**
 * A small hand-drawn bar chart (no chart library: the console's first load stays small), with the
 * same figures as a table beside it: the chart is for the eye and hidden from screen readers, the
 * table is what they read (and what anyone can copy).
 */
export function BarChart({
  title,
  bars,
  layout,
  nameHeader,
  valueHeader,
  empty,
  children,
}: {
  title: string
  bars: readonly Bar[]
  layout: 'columns' | 'rows'
  nameHeader: string
  valueHeader: string
  /** Said instead of an empty chart. */
  empty: string
  /** Under the chart and its table: a link onwards, a note. */
  children?: ReactNode
}) {
  const id = useId()
  const max = niceMax(Math.max(0, ...bars.map((b) => b.value)))
  return (
    <Box component="figure" m={0} aria-labelledby={id}>
      <Text component="figcaption" id={id} fw={600} mb="xs">
        {title}
      </Text>
      {bars.length === 0 || bars.every((b) => b.value === 0) ? (
        <Text c="dimmed" size="sm">
          {empty}
        </Text>
      ) : (
        <Group align="flex-start" wrap="nowrap" gap="lg">
          <Box flex={3} miw={0} maw={560} c="dimmed">
            {layout === 'columns' ? <Columns bars={bars} max={max} /> : <Rows bars={bars} max={max} />}
          </Box>
          <Box flex={2} miw={0} maw={320}>
            <Table striped withTableBorder fz="xs" verticalSpacing={2} style={{ whiteSpace: 'nowrap' }} aria-labelledby={id}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{nameHeader}</Table.Th>
                  <Table.Th scope="col" ta="right">
                    {valueHeader}
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {bars.map((bar, n) => (
                  <Table.Tr key={`${bar.label}-${n}`}>
                    <Table.Th scope="row" fw={400}>
                      {bar.label}
                    </Table.Th>
                    <Table.Td ta="right">{bar.value.toLocaleString()}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Box>
        </Group>
      )}
      {children}
    </Box>
  )
}
