// Figures of the committed complaint-triage model on the held-out Olist reviews (the same split
// as scripts/train-triage.ts), printed as Markdown and written into BENCHMARKS.md under their
// own heading; the rest of that file is left as it is.
// Usage: npx tsx bench/triage-accuracy.ts [path/to/olist_classified_train.csv]
import { formatSection, writeSection } from './benchmarks-file.js';
import { defaultDataPath, loadDataset, splitSamples } from '../src/modules/triage/dataset.js';
import { evaluate, toMarkdown } from '../src/modules/triage/evaluation.js';
import { classifyComplaint, reviewThreshold } from '../src/modules/triage/index.js';

const heading = '## Complaint triage (held-out real Olist complaints)';

async function main(): Promise<void> {
  const dataPath = process.argv[2] ?? defaultDataPath;
  const data = loadDataset(dataPath);
  const { train, test } = splitSamples(data.samples);
  const results = test.map((s) => ({ sample: s, result: classifyComplaint(s.text) }));
  const evaluation = evaluate(
    results.map(({ sample, result }) => ({ label: sample.label, ...result })),
    reviewThreshold,
  );
  const detectedPt = results.filter((r) => r.result.language === 'pt').length;
  const section = [
    heading,
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} with \`npx tsx bench/triage-accuracy.ts\` ` +
      '(committed `src/modules/triage/model.json`, trained by `npm run train:triage`).',
    '',
    `Data: \`olist-classified/olist_classified_train.csv\` — ${data.rows} rows, ${data.reviews} ` +
      `distinct reviews (a review is repeated once per order item), ${data.samples.length} with an ` +
      `agreed label (${data.dropped.tie} ties and ${data.dropped.noVotes} without votes dropped). ` +
      `Split by a hash of the id: ${train.length} train, ${test.length} held out; the held-out ` +
      'reviews were used neither for training nor for the cue lexicon. The language was not ' +
      `given: ${detectedPt} of ${test.length} held-out reviews were detected as Portuguese.`,
    '',
    toMarkdown(evaluation),
    '',
  ].join('\n');
  const formatted = await formatSection(section);
  console.log(formatted);

  writeSection(heading, formatted);
}

await main();
