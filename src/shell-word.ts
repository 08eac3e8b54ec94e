// One word of a command line that a message tells the user to run: printed as it is when the shell would read it
// back unchanged, else in single quotes (a quote inside as '\''). Paths, names, connection strings and flags all go
// through it, so that what we print can be pasted as printed.
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}
