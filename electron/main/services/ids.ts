/** Id of a bundled report in the workspace: seed 000 → r000. */
export function bundledReportId(key: string): string {
  return `r${key}`
}
