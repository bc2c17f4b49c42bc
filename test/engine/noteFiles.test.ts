/**
 * Reading a note file as the editor shows its text (engine/noteFiles.ts): encodings with a
 * byte order mark, what is refused and how the refusal reads.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InputError, isBug } from '../../server/src/engine/errors';
import { bratTexts, NoteReadError, readNote, readNoteText } from '../../server/src/engine/noteFiles';

describe('noteFiles: reading a note', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-note-files-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, bytes: Buffer | string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, bytes);
    return p;
  };
  const utf16le = (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);

  it('UTF-8, with or without a BOM, and UTF-16 with a BOM give the same text; bratTexts offers both countings of a BOM', () => {
    const text = 'Denies fever 🙂.\r\nCough.';
    assert.equal(readNoteText(file('plain.txt', text)), text);
    const bom = file('bom.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    assert.deepEqual(readNote(bom), { text, bom: true });
    assert.deepEqual(bratTexts(bom), [text, '\uFEFF' + text]);
    assert.equal(readNoteText(file('utf16.txt', utf16le(text))), text);
  });

  it('NUL padding after the text is dropped; a NUL inside it is refused as binary', () => {
    assert.equal(readNoteText(file('padded.txt', Buffer.concat([Buffer.from('Pneumonia.\n'), Buffer.alloc(16)]))), 'Pneumonia.\n');
    assert.throws(
      () => readNoteText(file('binary.txt', Buffer.from([0x50, 0, 0x4e, 0x47, 0x0a]))),
      (e: Error) => e instanceof NoteReadError && e instanceof InputError && !isBug(e) && /not a text file \(a NUL byte at byte 1\)/.test(e.message),
    );
  });

  it('why a note cannot be read, with the file named: gone, a folder, UTF-8 cut short (offset counts the BOM), NUL in UTF-16', () => {
    assert.throws(
      () => readNoteText(path.join(dir, 'gone.txt')),
      (e: Error) => e instanceof NoteReadError && /gone\.txt: cannot be read \(no such file/.test(e.message),
    );
    assert.throws(() => readNoteText(dir), /cannot be read \(a folder\)/);
    const cut = file('cut.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('ok\n'), Buffer.from([0xe2, 0x82])]));
    assert.throws(() => readNoteText(cut), /not valid UTF-8 \(byte 0xe2 at byte 6, line 2\)/);
    assert.throws(() => readNoteText(file('nul16.txt', utf16le('a\u0000b'))), /holds NUL characters/);
  });

  it('UTF-32 and invalid UTF-8 are refused with what to do', () => {
    const utf32 = Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), Buffer.from([0x41, 0, 0, 0])]);
    assert.throws(() => readNoteText(file('utf32.txt', utf32)), /UTF-32 text, which is not read; save it as UTF-8/);
    assert.throws(
      () => readNoteText(file('latin1.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]))),
      /not valid UTF-8 \(byte 0xe9 at byte 3, line 1\); save it as UTF-8/,
    );
  });
});
