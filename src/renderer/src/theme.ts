import { Alert, createTheme, darken, luminance, type CSSVariablesResolver, type MantineTheme } from '@mantine/core'

export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'md',
  components: {
    // Icon-only close buttons need a name for screen readers (axe: button-name).
    // Plain objects, not Modal.extend / Notification.extend: those would put both components in the
    // console's first load, which shows neither (they come with the screens and notices that use them).
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close dialog' } } },
    Alert: Alert.extend({ defaultProps: { closeButtonLabel: 'Dismiss' } }),
    Notification: {
      defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss notice' } },
      // Under a title Mantine greys the text to gray.6 (3.3:1 on white); the readable dimmed grey instead.
      styles: { description: { color: 'var(--mantine-color-dimmed)' } },
    },
  },
})

const AA = 4.5

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (light + 0.05) / (dark + 0.05)
}

/** The colour, darkened just enough for text against `background` to meet WCAG AA (4.5:1). */
function readableOn(color: string, background: string): string {
  let result = color
  for (let step = 0; step < 10 && contrast(result, background) < AA; step++) result = darken(result, 0.08)
  return result
}

/**
 * Mantine's stock shades put white on bright fills (green, orange, grape…) and dark text on light
 * tints under 4.5:1. Every palette keeps its hue; only the shades used behind or as text darken
 * until they read at WCAG AA, so the axe-core checks of each screen pass.
 */
export const cssVariablesResolver: CSSVariablesResolver = (t: MantineTheme) => {
  const palettes = Object.entries(t.colors)
  // Links sit on white and inside tinted alerts, so they must read on every palette's pale tint.
  const anchor = palettes.reduce((color, [, shades]) => readableOn(color, shades[1]), readableOn(t.colors[t.primaryColor]![6], '#ffffff'))
  const light: Record<string, string> = {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-anchor': anchor,
  }
  const dark: Record<string, string> = {}
  for (const [name, shades] of palettes) {
    light[`--mantine-color-${name}-filled`] = readableOn(shades[6], '#ffffff')
    // Tinted backgrounds are shade 1, and shade 2 under the pointer (an active sidebar entry).
    light[`--mantine-color-${name}-light-color`] = readableOn(shades[9], shades[2])
    dark[`--mantine-color-${name}-filled`] = readableOn(shades[8], '#ffffff')
  }
  return { variables: {}, light, dark }
}
