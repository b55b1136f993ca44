/** The console route that replays a finished stream. */
export function replayPath(requestId: string): string {
  return `/streams/${encodeURIComponent(requestId)}/replay`;
}
