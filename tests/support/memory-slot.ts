/** A session slot held in memory, for a client that never signs in (or whose token need not survive). */
export function memorySlot() {
  let token: string | null = null
  return {
    get: () => Promise.resolve(token),
    set: (next: string | null) => {
      token = next
      return Promise.resolve()
    },
  }
}
