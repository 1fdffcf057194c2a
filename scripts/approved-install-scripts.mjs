// Prints the installed packages whose install scripts package.json's `allowScripts` approves, one
// per line, for `npm rebuild`. The Docker image installs with `--ignore-scripts` and then runs the
// approved ones only: the same decision as this machine's npm, whatever npm the image ships.
import fs from 'node:fs';

const manifest = JSON.parse(fs.readFileSync('package.json', 'utf8'));
for (const [name, approved] of Object.entries(manifest.allowScripts ?? {})) {
  if (approved === true && fs.existsSync(`node_modules/${name}/package.json`)) console.log(name);
}
