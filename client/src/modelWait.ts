/**
 * Waiting for a model to answer again, from the server's status (biomedNlp/status): a
 * statement check that failed because no model serves is queued here and runs once the
 * status says a model is back (commands/checkStatement.ts). No `vscode` import: unit tests
 * load it (test/client/modelWait.test.ts).
 */
import type { EngineState, StatusParams } from '../../server/src/protocol/protocol';
import { modelHelp, type ModelHelp } from './modelHelp';
import { oneLine } from '../../server/src/protocol/protocol';

/**
 * States in which no model answers: work waits until the server's own checks find one. A
 * statement check's failure of these kinds (ModelUnavailableData.kind) means the same.
 */
const AWAY_STATES = ['unreachable', 'model-missing', 'remote-refused'] as const satisfies readonly EngineState[];

/** Whether a state, or a failure's kind, is one of AWAY_STATES. */
export const isAwayKind = (kind: string | undefined): kind is (typeof AWAY_STATES)[number] => (AWAY_STATES as readonly (string | undefined)[]).includes(kind);

export const isAway = (s: StatusParams | undefined): boolean => !!s && isAwayKind(s.state);

export class ModelWait {
  private last: StatusParams | undefined;
  private waiters: { sawAway: boolean; resolve: () => void }[] = [];

  get current(): StatusParams | undefined {
    return this.last;
  }

  /** Each status the server sends (StatusView.update). */
  update(s: StatusParams): void {
    this.last = s;
    const away = isAway(s);
    const back = !away && s.state !== 'starting';
    this.waiters = this.waiters.filter((w) => {
      if (away) w.sawAway = true;
      else if (back && w.sawAway) {
        w.resolve();
        return false;
      }
      return true;
    });
  }

  /**
   * Resolves once a model answers again: at the first status that is not away after one that
   * was. A failed request may come before the status that says why, so an answering status
   * seen first does not count (the check would fail again at once).
   */
  whenBack(): Promise<void> {
    return new Promise((resolve) => this.waiters.push({ sawAway: isAway(this.last), resolve }));
  }
}

/** The one watcher of the extension, updated by the status item. */
export const modelWait = new ModelWait();

/**
 * The message of a statement check that waits for a model: the ways forward of the first
 * run (modelHelp.ts), with the statement it will check. `s` is the status, or one made from
 * the request's error when the status has not said it yet.
 */
export function statementWaitHelp(s: StatusParams, statement: string): ModelHelp {
  const help = modelHelp(s);
  const checked = `Biomed NLP: “${oneLine(statement, 60)}” will be checked as soon as a model answers.`;
  if (!help) return { severity: 'warning', message: checked, actions: [] };
  const why = help.message.replace(/^Biomed NLP: /, '').replace(/ Notes are analysed as soon as a model answers\.$/, '');
  return { severity: 'warning', message: `${checked} ${why.charAt(0).toUpperCase()}${why.slice(1)}`, actions: help.actions };
}
