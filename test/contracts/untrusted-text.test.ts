import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withoutBidiControls } from '../../contracts/untrusted-text.ts';

describe('withoutBidiControls', () => {
  it('removes the override that makes "invoice\\u202Efdp.exe" read as "invoiceexe.pdf"', () => {
    assert.equal(withoutBidiControls('invoice\u202Efdp.exe'), 'invoicefdp.exe');
  });

  it('removes every embedding, override, isolate and mark', () => {
    const controls = [
      '\u202A',
      '\u202B',
      '\u202C',
      '\u202D',
      '\u202E',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
      '\u200E',
      '\u200F',
      '\u061C',
    ];
    for (const control of controls)
      assert.equal(withoutBidiControls(`a${control}b${control}`), 'ab', `U+${control.codePointAt(0)!.toString(16)}`);
  });

  it('keeps every other character, right-to-left scripts and joiners included', () => {
    for (const text of ['report.pdf', 'تقرير.pdf', 'דוח 2024.pdf', 'Zoë & Co', '👩‍💻 dev', 'a\u200Db', ''])
      assert.equal(withoutBidiControls(text), text);
  });
});
