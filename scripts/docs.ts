/**
 * npm run docs: API documentation of the package's entry points (package.json `exports`), generated
 * by TypeDoc from the doc comments into out/api/ (ignored by git). Open out/api/index.html.
 *
 *   node --import tsx scripts/docs.ts [--out DIR]
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Application } from 'typedoc';
import { packageEntries, packageJson, ROOT } from './package-entries.ts';

const { values } = parseArgs({ options: { out: { type: 'string', default: join(ROOT, 'out', 'api') } } });
const out = resolve(values.out);
const entries = packageEntries();

const app = await Application.bootstrapWithPlugins({
  name: `${packageJson().name} ${packageJson().version}`,
  entryPoints: entries.map((e) => join(ROOT, e.source)),
  tsconfig: join(ROOT, 'tsconfig.json'),
  readme: join(ROOT, 'README.md'),
  excludePrivate: true,
  excludeProtected: true,
  // Types that an entry point uses but does not export are documented where they are reached.
  validation: { notExported: false, invalidLink: true, rewrittenLink: true, notDocumented: false, unusedMergeModuleWith: true },
  treatWarningsAsErrors: true,
  logLevel: 'Warn',
});
const project = await app.convert();
if (!project) {
  console.error('npm run docs: TypeDoc could not convert the entry points (see the messages above)');
  process.exit(1);
}
// Name each module as it is imported: kvmdbg, kvmdbg/abi, …
for (const mod of project.children ?? []) {
  const entry = entries.find((e) => e.source === `src/${mod.name}/index.ts` || (mod.name === 'index' && e.source === 'src/index.ts'));
  if (entry) mod.name = entry.specifier;
}
await app.generateDocs(project, out);
if (app.logger.hasErrors() || app.logger.hasWarnings()) process.exit(1);
console.log(`API documentation: ${join(out, 'index.html')}`);
