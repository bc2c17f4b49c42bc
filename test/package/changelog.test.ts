/**
 * CHANGELOG.md keeps the Keep a Changelog layout, and its latest release is the version
 * package.json carries: a release cannot be tagged with a changelog that does not name it.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..', '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

describe('CHANGELOG.md', () => {
  const text = read('CHANGELOG.md');
  const releases = [...text.matchAll(/^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$/gm)].map((m) => ({ name: m[1], date: m[2] }));

  it('opens with [Unreleased], then releases newest first, each a semver version with its date', () => {
    assert.equal(releases[0]?.name, 'Unreleased');
    const versions = releases.slice(1);
    assert.ok(versions.length >= 1, 'at least one release');
    for (const r of versions) {
      assert.match(r.name, /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/, r.name);
      assert.ok(r.date, `${r.name} has its date`);
    }
    const key = (v: string) => v.split(/[.-]/).slice(0, 3).map(Number);
    for (let i = 1; i < versions.length; i++) {
      const [a, b] = [key(versions[i - 1].name), key(versions[i].name)];
      assert.ok(a[0] > b[0] || (a[0] === b[0] && (a[1] > b[1] || (a[1] === b[1] && a[2] > b[2]))), `${versions[i - 1].name} after ${versions[i].name}`);
    }
  });

  it('its latest release is the version of package.json', () => {
    const { version } = JSON.parse(read('package.json')) as { version: string };
    assert.equal(releases[1]?.name, version);
  });

  it('every section uses the kinds of change Keep a Changelog names, and every heading has its link', () => {
    for (const m of text.matchAll(/^### (.+)$/gm)) assert.ok(['Added', 'Changed', 'Deprecated', 'Removed', 'Fixed', 'Security'].includes(m[1]), m[1]);
    for (const r of releases) assert.match(text, new RegExp(`^\\[${r.name.replace(/\./g, '\\.')}\\]: \\S+$`, 'm'), `a link for [${r.name}]`);
  });
});
