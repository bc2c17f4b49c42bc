/**
 * "1 note", "3 notes", "2 entities": a count with its noun, as the client and the language
 * server say it (cli/counted.ts is the command line's: it takes nothing from the protocol).
 */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
