export function formatCount(n: number): string {
  return n.toLocaleString('en-GB')
}

export function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`
}
