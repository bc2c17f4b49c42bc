/**
 * `npm run bench`: what the language server costs, with the Ollama-protocol test server
 * playing a model of a given speed. Prints tables and ratios; asserts nothing. One script
 * per measured question; BENCH_ONLY=highlighting,editCost,relations,cliThroughput,startup,corpusScale,decoding,incremental,evidence,fewShot,repeatedSentence,batching,hugeNote,linking,summaries,modelCache,noteIndex,deid picks some.
 */
import { batching } from './batching';
import { cliThroughput } from './cliThroughput';
import { corpusScale } from './corpusScale';
import { decoding } from './decoding';
import { deid } from './deid';
import { editCost } from './editCost';
import { evidence } from './evidence';
import { fewShot } from './fewShot';
import { highlighting } from './highlighting';
import { hugeNote } from './hugeNote';
import { incremental } from './incremental';
import { linking } from './linking';
import { modelCache } from './modelCache';
import { noteIndex } from './noteIndex';
import { relations } from './relations';
import { repeatedSentence } from './repeatedSentence';
import { startup } from './startup';
import { summaries } from './summaries';

const ALL: Record<string, () => Promise<void>> = {
  highlighting,
  editCost,
  relations,
  cliThroughput,
  startup,
  corpusScale,
  decoding,
  incremental,
  evidence,
  fewShot,
  repeatedSentence,
  batching,
  hugeNote,
  linking,
  summaries,
  modelCache,
  noteIndex,
  deid,
};

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY?.split(',') ?? Object.keys(ALL);
  for (const name of only) await ALL[name]();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
