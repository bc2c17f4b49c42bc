/**
 * What a work item counts for in its ledger, as plain functions of the item: the relations
 * its answer holds, whether its answer was unreadable, a ledger's empty counts, and moving an
 * item to another place of the next version.
 */
import type { RelationParse } from '../../profiles/profile';
import { noneLabel, PairKind } from '../../tasks/relations';
import { TASK_KINDS, TaskKind } from '../taskTable';
import { SentenceIndex, UnitIndex } from './indexes';
import type { ItemState, WorkItem } from './types';

/** Places an item at `at`: a relation item at a unit, any other at a sentence. */
export function moveItem(item: WorkItem, at: number): void {
  if (item.unit !== undefined) item.unit = at as UnitIndex;
  else item.sentence = at as SentenceIndex;
}

/** One row of counts per task of the table (taskTable.ts). */
export function newCounts(): Record<TaskKind, Record<ItemState, number>> {
  return Object.fromEntries(TASK_KINDS.map((kind) => [kind, { waiting: 0, pending: 0, done: 0, failed: 0 }])) as Record<TaskKind, Record<ItemState, number>>;
}

/** Whether an answer's label for a pair is a relation (not missing, not the kind's "none"). */
export function isRelation(label: string | undefined, kind: PairKind): label is string {
  return !!label && label !== noneLabel(kind);
}

/** How many relations a relation item's answer holds (0 until it is answered). */
export function foundRelations(item: WorkItem): number {
  if (item.task.kind !== 're' || item.state !== 'done') return 0;
  const labels = (item.result as RelationParse).labels;
  let n = 0;
  item.task.task.pairs.forEach((pair, i) => {
    if (isRelation(labels[i], pair.kind)) n++;
  });
  return n;
}

/** 1 for an answered item whose answer held nothing the profile reads (not cached: asked again by a later version). */
export function unreadableAnswer(item: WorkItem): number {
  return item.state === 'done' && (item.result as { unreadable?: boolean } | undefined)?.unreadable ? 1 : 0;
}
