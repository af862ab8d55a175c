import AxeBuilder from '@axe-core/playwright'
import { expect, type Page } from '@playwright/test'
import { settled } from './settled'

const BLOCKING = new Set(['serious', 'critical'])

/**
 * Scans the screen as it is now with axe-core and fails on serious or critical violations, listing
 * each rule with the elements it found. Every spec calls it once it has reached a screen.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  // A notice fading in or out is half transparent: its contrast is judged once it has settled.
  await settled(page)
  const { violations } = await new AxeBuilder({ page }).analyze()
  const blocking = violations
    .filter((v) => BLOCKING.has(v.impact ?? ''))
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)
  expect(blocking, `serious or critical accessibility violations on ${screen}`).toEqual([])
}
