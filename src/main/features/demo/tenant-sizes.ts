/**
 * How many users each tenant gets, like the stores of issue 13: one tenant of a tenth of the
 * users, the rest 20–160 each, scaled so that the sizes add up to exactly `users`.
 */
export function tenantSizes(tenants: number, users: number, random: () => number): number[] {
  if (tenants <= 0) return []
  if (tenants === 1) return [users]
  const big = Math.round(users / 10)
  const rest = users - big
  const draws = Array.from({ length: tenants - 1 }, () => 20 + Math.floor(random() * 141))
  const sum = draws.reduce((a, b) => a + b, 0)
  const sizes = draws.map((d) => Math.floor((d * rest) / sum))
  // Hand out what rounding left over, one each, so the total is exact.
  let left = rest - sizes.reduce((a, b) => a + b, 0)
  for (let i = 0; left > 0; i = (i + 1) % sizes.length, left--) sizes[i]! += 1
  return [big, ...sizes]
}
