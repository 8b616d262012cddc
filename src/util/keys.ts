/** Whether `o` has no enumerable key, without building the key list (hot paths call it per command). */
export function isEmpty(o: object): boolean {
  for (const _ in o) return false;
  return true;
}
