// Every JavaScript example in README.md runs against the package, and every line ending in a
// `// value` comment is checked: `expr; // true` asserts that expr deep-equals true.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(join(here, "..", "README.md"), "utf8");
const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);

test("README has JavaScript examples", () => assert.ok(blocks.length >= 2));

blocks.forEach((code, i) => {
  test(`README example ${i + 1} runs and its commented values hold`, async () => {
    let checks = 0;
    const body = code
      .split("\n")
      .map((line) => {
        const m = line.match(/^(\s*)(.+?);\s*\/\/\s*((?:true|false|\[.*\]|".*"|\d+))\s*$/);
        if (!m) return line;
        checks++;
        return `${m[1]}__assert.deepStrictEqual(${m[2]}, ${m[3]}, ${JSON.stringify(m[2])});`;
      })
      .join("\n");
    // Written next to this file so that `import ... from "rolecascade"` resolves to the package.
    const dir = mkdtempSync(join(here, ".readme-"));
    const file = join(dir, `example-${i + 1}.mjs`);
    writeFileSync(file, `import __assert from "node:assert/strict";\n${body}\nexport const checks = ${checks};\n`);
    try {
      const mod = await import(pathToFileURL(file).href);
      assert.equal(mod.checks, checks);
      if (i === 0) assert.ok(checks >= 5, `only ${checks} checked values in the quick start`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
