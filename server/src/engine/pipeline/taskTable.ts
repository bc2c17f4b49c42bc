/**
 * The model tasks of a document analysis, one entry each: how urgent the work is, what
 * besides the text goes into its cache key, the request a profile builds for it, and how
 * the answer is parsed. A new task (e.g. assertion confirmation) is one more entry here
 * plus its planning in analysis/ (a planner per task).
 */
import { examplesId, FewShotExample } from '../curation/fewShot';
import { NerGroup, NerParse, NliParse, Profile, RelationParse, RelationTask } from '../profiles/profile';
import { Token } from '../text/tokenize';
import { ModelAnswer, ModelRequest } from '../types';

/** A task with the text it is asked about (a sentence, a relation unit, an NLI premise). */
export type Task =
  | {
      kind: 'ner';
      text: string;
      group: NerGroup;
      /** A corpus's own tokens (sentence offsets). */
      tokens?: readonly Token[];
      /** Curated sentences shown to the json layout as examples (curation/fewShot.ts); never under medtuned. */
      examples?: readonly FewShotExample[];
    }
  | {
      kind: 're';
      text: string;
      task: RelationTask;
      /** Asked in this layout instead of the analysis's profile: pairs that profile was not trained on. */
      layout?: Profile;
    }
  | { kind: 'nli'; text: string; premise: string; hypothesis: string };
export type TaskKind = Task['kind'];
type TaskOf<K extends TaskKind> = Extract<Task, { kind: K }>;

export interface ResultOf {
  ner: NerParse;
  re: RelationParse;
  nli: NliParse;
}
export type Result = ResultOf[TaskKind];

export interface TaskSpec<K extends TaskKind> {
  /** Scheduler priority of work whose span is inside the visible range, and of the rest. */
  priority: { visible: number; background: number };
  /** What the status calls this task's work when it failed ("relations failed for 3 request(s)"). */
  failedWork: string;
  /** What decides the answer besides the text, model, profile and prompt version. */
  id(task: TaskOf<K>): string;
  request(profile: Profile, task: TaskOf<K>): ModelRequest;
  parse(profile: Profile, task: TaskOf<K>, answer: ModelAnswer): ResultOf[K];
}

/** A check the user asked for and waits on goes before all background work. */
export const PRIORITY_USER_REQUEST = 8;

// Entity work first, then NLI checks (diagnostics), then relations (hovers); the visible
// range first within each.
export const TASKS: { [K in TaskKind]: TaskSpec<K> } = {
  ner: {
    priority: { visible: 6, background: 5 },
    failedWork: 'entities',
    id: (t) =>
      `ner:${t.group.id}${t.tokens ? `:tokens=${t.tokens.map((k) => `${k.start}-${k.end}`).join(',')}` : ''}` +
      (t.examples?.length ? `:examples=${examplesId(t.examples)}` : ''),
    request: (profile, t) => profile.nerRequest(t.text, t.group, t.tokens, t.examples),
    parse: (profile, t, answer) => profile.parseNer(t.text, t.group, answer, t.tokens),
  },
  nli: {
    priority: { visible: 4, background: 3 },
    failedWork: 'NLI checks',
    id: (t) => `nli:${t.hypothesis}`,
    request: (profile, t) => profile.nliRequest(t.premise, t.hypothesis),
    parse: (profile, _t, answer) => profile.parseNli(answer),
  },
  re: {
    priority: { visible: 2, background: 1 },
    failedWork: 'relations',
    id: (t) => `re:${t.task.id}`,
    request: (profile, t) => (t.layout ?? profile).relationRequest(t.text, t.task),
    parse: (profile, t, answer) => (t.layout ?? profile).parseRelations(t.task, answer),
  },
};

/** Every task of the table, in its order: counts and failures per task are kept for each (ledger, workspace). */
export const TASK_KINDS = Object.keys(TASKS) as readonly TaskKind[];

/** The layout a task is asked in: its own for relations the profile was not trained on, else the profile. */
export function layoutOf(task: Task, profile: Profile): Profile {
  return (task.kind === 're' && task.layout) || profile;
}

/** The table entry of `task`, typed for it. */
export function specOf<K extends TaskKind>(task: TaskOf<K>): TaskSpec<K> {
  return TASKS[task.kind as K];
}
