export class NotFoundError extends Error {
  override name = 'NotFoundError'
}
