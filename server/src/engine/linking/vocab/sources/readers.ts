/** The vocabulary formats `biomed vocab build --format` reads, each with its reader. */
import { VocabReader } from '../sourceConcept';
import { readCtdChemicals, readMedic } from './ctd';
import { readMeshXml } from './meshXml';
import { readObo } from './obo';
import { readTsv } from './tsv';
import { readUmls } from './umls';

export const VOCAB_FORMATS = ['umls', 'medic', 'ctd-chemicals', 'mesh-xml', 'obo', 'tsv'] as const;
export type VocabFormat = (typeof VOCAB_FORMATS)[number];

export const VOCAB_READERS: Record<VocabFormat, VocabReader> = {
  umls: readUmls,
  medic: readMedic,
  'ctd-chemicals': readCtdChemicals,
  'mesh-xml': readMeshXml,
  obo: readObo,
  tsv: readTsv,
};
