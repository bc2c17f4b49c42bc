/**
 * "1 note", "3 notes", "2 entities": a count with its noun, as the command line says it
 * (protocol/counted.ts is the client's and the language server's: the command line takes
 * nothing from the protocol).
 */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
