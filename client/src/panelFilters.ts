/**
 * The side panel's filters (its title bar's *Filter by Type* and *Filter by Status*): the
 * values a mention's status is filtered by, and the quick picks that set them.
 */
import * as vscode from 'vscode';
import { ASSERTION_STATUSES, type OverviewEntity } from '../../server/src/protocol/protocol';
import { ENTITY_LEGEND } from './legend';

/** Filter values: `affirmed` for mentions with no status (present, about the patient, now), then the statuses. */
export const STATUS_FILTERS = ['affirmed', ...ASSERTION_STATUSES] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export function mentionStatuses(m: OverviewEntity): StatusFilter[] {
  return m.statuses.length ? m.statuses : ['affirmed'];
}

/** What the pickers read and set: the panel's filters (undefined: everything shown). */
export interface Filtered {
  readonly filters: { types?: string[]; statuses?: StatusFilter[] };
  setTypeFilter(types: string[] | undefined): void;
  setStatusFilter(statuses: StatusFilter[] | undefined): void;
}

export async function pickTypeFilter(panel: Filtered): Promise<void> {
  const current = panel.filters.types;
  const picked = await vscode.window.showQuickPick(
    ENTITY_LEGEND.map((t) => ({ label: t.label, description: t.domain, id: t.id, picked: !current || current.includes(t.id) })),
    { canPickMany: true, title: 'Biomed NLP: show the entities of these types' },
  );
  if (picked) panel.setTypeFilter(picked.map((p) => p.id));
}

export async function pickStatusFilter(panel: Filtered): Promise<void> {
  const current = panel.filters.statuses;
  const words: Record<StatusFilter, string> = {
    affirmed: 'no status: present, about the patient, now',
    negated: 'the text says it is absent',
    possible: 'hedged',
    historical: "in the patient's past",
    hypothetical: 'may happen',
    family: 'someone other than the patient',
  };
  const picked = await vscode.window.showQuickPick(
    STATUS_FILTERS.map((s) => ({ label: s, description: words[s], picked: !current || current.includes(s) })),
    { canPickMany: true, title: 'Biomed NLP: show the mentions with these statuses' },
  );
  if (picked) panel.setStatusFilter(picked.map((p) => p.label as StatusFilter));
}
