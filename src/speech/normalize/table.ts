// Tables looked up by words of the text: without a prototype, so "constructor" or "toString" typed in a notice finds
// nothing instead of Object's methods.

export function table<T>(entries: Record<string, T>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}
