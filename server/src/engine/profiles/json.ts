/**
 * The layout for general instruction models (instruction-formats.md §3): the chat
 * template through /api/chat, answers constrained by a flat JSON schema, mentions named by
 * their surface text and located in the sentence by us.
 */
import { locateInOrder } from '../align';
import { EntityType, isEntityType, Mention, ModelAnswer, ModelRequest } from '../types';
import { NerGroup, NerParse, Profile } from './profile';

const TYPE_GLOSS: Record<EntityType, string> = {
  problem: 'problem (diseases, symptoms, findings, diagnoses)',
  treatment: 'treatment (drugs, procedures, therapies)',
  test: 'test (examinations, lab tests, measurements, imaging)',
  disease: 'disease (diseases and disorders)',
  chemical: 'chemical (chemicals and drugs)',
  gene: 'gene (genes and gene products, proteins)',
};

function systemPrompt(types: readonly EntityType[]): string {
  return [
    'You are a biomedical named entity recognition system.',
    `Find every mention of these entity types in the text: ${types.map((t) => TYPE_GLOSS[t]).join('; ')}.`,
    'Copy each mention exactly as it is written in the text, list the mentions in the order they appear,',
    'and list a mention again each time it occurs. Use only the types given.',
    'Answer in JSON: {"entities": [{"text": "...", "type": "..."}]}. If there is none, answer {"entities": []}.',
  ].join(' ');
}

export function nerSchema(types: readonly EntityType[]): object {
  return {
    type: 'object',
    properties: {
      entities: {
        type: 'array',
        items: {
          type: 'object',
          properties: { text: { type: 'string' }, type: { type: 'string', enum: [...types] } },
          required: ['text', 'type'],
        },
      },
    },
    required: ['entities'],
  };
}

/** The user turn; the test server's oracle reads this same layout. */
export function nerUserMessage(types: readonly EntityType[], sentence: string): string {
  return `Entity types: ${types.join(', ')}\nText: ${sentence}`;
}

/** Room for the JSON of every word being an entity, roughly. */
function answerBudget(sentence: string): number {
  return 64 + Math.ceil(sentence.length * 1.5);
}

interface RawEntity {
  text: string;
  type: string;
}

/**
 * Reads `{"entities":[...]}` from what a model really emits: code fences, prose around
 * it, a bare array, or JSON cut short (then every complete object is salvaged).
 */
export function extractEntities(answer: string): { entities: RawEntity[]; wellFormed: boolean } {
  const start = answer.search(/[[{]/);
  if (start >= 0) {
    const end = Math.max(answer.lastIndexOf('}'), answer.lastIndexOf(']'));
    try {
      const parsed = JSON.parse(answer.slice(start, end + 1));
      const list = Array.isArray(parsed) ? parsed : parsed?.entities;
      if (Array.isArray(list)) {
        const entities = list.filter(
          (e): e is RawEntity => typeof e?.text === 'string' && typeof e?.type === 'string',
        );
        return { entities, wellFormed: true };
      }
    } catch {
      // fall through to salvage
    }
  }
  const entities: RawEntity[] = [];
  const object = /\{[^{}]*\}/g;
  for (const m of answer.matchAll(object)) {
    try {
      const e = JSON.parse(m[0]);
      if (typeof e?.text === 'string' && typeof e?.type === 'string') entities.push(e);
    } catch {
      // an incomplete object at the cut: skip it
    }
  }
  return { entities, wellFormed: false };
}

function normaliseType(raw: string): string {
  return raw.trim().toLowerCase().replace(/s$/, '');
}

export class JsonProfile implements Profile {
  readonly name = 'json' as const;
  readonly promptVersion = 'json-ner-1';

  nerGroups(types: readonly EntityType[]): NerGroup[] {
    return types.length === 0 ? [] : [{ id: [...types].sort().join('+'), types }];
  }

  nerRequest(sentence: string, group: NerGroup): ModelRequest {
    return {
      kind: 'chat',
      messages: [
        { role: 'system', content: systemPrompt(group.types) },
        { role: 'user', content: nerUserMessage(group.types, sentence) },
      ],
      format: nerSchema(group.types),
      numPredict: answerBudget(sentence),
    };
  }

  parseNer(sentence: string, group: NerGroup, answer: ModelAnswer): NerParse {
    const { entities } = extractEntities(answer.text);
    const wanted = entities.filter((e) => {
      const t = normaliseType(e.type);
      return isEntityType(t) && group.types.includes(t) && e.text.trim().length > 0;
    });
    const spans = locateInOrder(
      sentence,
      wanted.map((e) => e.text),
    );
    const mentions: Mention[] = [];
    let dropped = entities.length - wanted.length;
    spans.forEach((span, i) => {
      if (!span) {
        dropped++;
        return;
      }
      const type = normaliseType(wanted[i].type) as EntityType;
      mentions.push({ start: span.start, end: span.end, type, text: sentence.slice(span.start, span.end) });
    });
    mentions.sort((a, b) => a.start - b.start);
    return { mentions, dropped, truncated: answer.doneReason === 'length' };
  }
}
