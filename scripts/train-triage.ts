// Trains the complaint-triage model on the training part of the labelled Olist reviews, picks
// the Portuguese cue weight by 5-fold cross-validation inside that part, writes
// src/modules/triage/model.json and prints the figures on the held-out part.
// Usage: npm run train:triage [-- path/to/olist_classified_train.csv]
import { writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import {
  classifyWith,
  reviewThreshold,
  type TriageModelFile,
} from '../src/modules/triage/classifier.js';
import {
  defaultDataPath,
  fnv1a,
  loadDataset,
  splitSamples,
  type Sample,
} from '../src/modules/triage/dataset.js';
import { evaluate, toMarkdown } from '../src/modules/triage/evaluation.js';
import { train } from '../src/modules/triage/model.js';

const modelPath = new URL('../src/modules/triage/model.json', import.meta.url);
const cueWeights = [0, 0.5, 1, 1.5, 2];
const folds = 5;

function predict(model: TriageModelFile, samples: Sample[]) {
  return samples.map((s) => {
    const r = classifyWith(model, s.text);
    return { label: s.label, type: r.type, confidence: r.confidence };
  });
}

/** Macro-F1 of each candidate cue weight over folds of the training part only. */
function crossValidateCueWeight(
  trainPart: Sample[],
): Map<number, { macroF1: number; accuracy: number }> {
  const fold = (s: Sample): number => fnv1a(`fold:${s.id}`) % folds;
  const predictions = new Map(cueWeights.map((w) => [w, [] as ReturnType<typeof predict>]));
  for (let f = 0; f < folds; f++) {
    const model = train(trainPart.filter((s) => fold(s) !== f));
    const validation = trainPart.filter((s) => fold(s) === f);
    for (const w of cueWeights)
      predictions.get(w)!.push(...predict({ ...model, cueWeightPt: w }, validation));
  }
  return new Map(
    cueWeights.map((w) => {
      const e = evaluate(predictions.get(w)!, reviewThreshold);
      return [w, { macroF1: e.macroF1, accuracy: e.accuracy }];
    }),
  );
}

async function main(): Promise<void> {
  const dataPath = process.argv[2] ?? defaultDataPath;
  const data = loadDataset(dataPath);
  const { train: trainPart, test } = splitSamples(data.samples);
  console.log(
    `${data.rows} rows → ${data.reviews} distinct reviews; dropped ${data.dropped.noVotes} without votes, ` +
      `${data.dropped.tie} with tied votes, ${data.dropped.empty} without text → ${data.samples.length} samples: ` +
      `${trainPart.length} train, ${test.length} held out`,
  );

  const cv = crossValidateCueWeight(trainPart);
  let cueWeightPt = cueWeights[0]!;
  for (const [w, r] of cv) {
    console.log(
      `  cv cue weight ${w}: macro-F1 ${r.macroF1.toFixed(3)}, accuracy ${r.accuracy.toFixed(3)}`,
    );
    if (r.macroF1 > cv.get(cueWeightPt)!.macroF1) cueWeightPt = w;
  }
  console.log(`Portuguese cue weight: ${cueWeightPt}`);

  const model: TriageModelFile = { ...train(trainPart), cueWeightPt };
  const config = await resolveConfig(modelPath);
  const json = await format(JSON.stringify(model), { ...config, parser: 'json' });
  writeFileSync(modelPath, json);
  console.log(
    `Wrote ${modelPath.pathname}: ${Object.keys(model.weights).length} features, ${(json.length / 1024).toFixed(0)} KiB\n`,
  );
  console.log(toMarkdown(evaluate(predict(model, test), reviewThreshold)));
}

await main();
