// Splits and joins command lines the way a POSIX shell does for plain words
// and quotes (no expansion). GO_BUILD_FLAGS is written for a shell, so tests
// that rebuild it must agree with a shell, not with a lenient tokenizer.

export class ShellSyntaxError extends Error {
  override name = 'ShellSyntaxError';
}

export function splitShellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t' || c === '\n') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new ShellSyntaxError(`unterminated ' quote at offset ${i} in: ${line}`);
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      i++;
      for (;;) {
        if (i >= line.length) throw new ShellSyntaxError(`unterminated " quote in: ${line}`);
        const d = line[i]!;
        if (d === '"') break;
        // Inside double quotes a backslash only escapes these characters.
        if (d === '\\' && i + 1 < line.length && '"\\$`\n'.includes(line[i + 1]!)) {
          word += line[i + 1];
          i += 2;
        } else {
          word += d;
          i++;
        }
      }
      inWord = true;
      i++;
    } else if (c === '\\') {
      if (i + 1 >= line.length) throw new ShellSyntaxError(`trailing backslash in: ${line}`);
      word += line[i + 1];
      inWord = true;
      i += 2;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}

const plain = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function quoteShellWord(word: string): string {
  if (plain.test(word)) return word;
  if (!word.includes("'")) return `'${word}'`;
  return `"${word.replace(/["\\$`]/g, (m) => `\\${m}`)}"`;
}

export function joinShellWords(words: string[]): string {
  return words.map(quoteShellWord).join(' ');
}
