import fs from 'node:fs';
import path from 'node:path';
import type { BenchReport } from './report/bench-report';
import { markdownReport } from './report/markdown';
import { chatChartSvg } from './report/svg-chart';

/**
 * `node dist/bench/src/render-report.js <report.json> [out-dir]`: renders report.md and chat.svg
 * again from a saved report (after a change to the renderers, or to copy a chart into docs/).
 */
function main(): void {
  const [input, outDir = path.dirname(input ?? '.')] = process.argv.slice(2);
  if (!input) throw new Error('usage: render-report.js <report.json> [out-dir]');
  const report = JSON.parse(fs.readFileSync(input, 'utf8')) as BenchReport;
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'report.md'), `${markdownReport(report)}\n`);
  if (report.chat?.steps.length) {
    const m = report.machine;
    const caption = `${report.preset} preset, ${report.startedAt.slice(0, 16)}Z, ${m.nproc} cores, Node ${m.node}`;
    fs.writeFileSync(path.join(outDir, 'chat.svg'), chatChartSvg(report.chat.steps, caption));
  }
  console.log(`rendered into ${outDir}`);
}

main();
