// Language support per file: Go through @codemirror/lang-go, and two small
// stream tokenizers for vercel.json (JSON) and go.mod/go.sum, so every file a
// function project holds is highlighted without another dependency.

import { go } from '@codemirror/lang-go';
import { StreamLanguage, type StreamParser } from '@codemirror/language';
import type { Extension } from '@codemirror/state';

const json: StreamParser<{ key: boolean }> = {
  name: 'json',
  startState: () => ({ key: true }),
  token(stream, state) {
    if (stream.eatSpace()) return null;
    if (stream.match(/^"(?:[^"\\]|\\.)*"?/)) {
      const isKey = state.key && /^\s*:/.test(stream.string.slice(stream.pos));
      return isKey ? 'propertyName' : 'string';
    }
    if (stream.match(/^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/)) return 'number';
    if (stream.match(/^(?:true|false|null)\b/)) return 'atom';
    const ch = stream.next();
    if (ch === '{' || ch === ',') state.key = true;
    else if (ch === ':' || ch === '[') state.key = false;
    return ch && '{}[]'.includes(ch) ? 'bracket' : 'punctuation';
  },
  languageData: { closeBrackets: { brackets: ['[', '{', '"'] } },
};

const gomod: StreamParser<null> = {
  name: 'gomod',
  startState: () => null,
  token(stream) {
    if (stream.eatSpace()) return null;
    if (stream.match('//')) {
      stream.skipToEnd();
      return 'comment';
    }
    if (stream.sol() && stream.match(/^(?:module|go|toolchain|require|replace|exclude|retract|godebug|tool|ignore)\b/)) return 'keyword';
    if (stream.match(/^v\d+\.\d+\.\d+[^\s)]*/) || stream.match(/^\d+\.\d+(?:\.\d+)?/)) return 'number';
    if (stream.match(/^h1:\S+/)) return 'string';
    if (stream.match('=>')) return 'operator';
    if (stream.match(/^[()]/)) return 'bracket';
    stream.match(/^[^\s()]+/) || stream.next();
    return 'variableName';
  },
  languageData: { commentTokens: { line: '//' } },
};

export function languageFor(path: string): Extension {
  if (path.endsWith('.go')) return go();
  if (path.endsWith('.json')) return StreamLanguage.define(json);
  if (path.endsWith('go.mod') || path.endsWith('go.sum') || path.endsWith('go.work')) return StreamLanguage.define(gomod);
  return [];
}
