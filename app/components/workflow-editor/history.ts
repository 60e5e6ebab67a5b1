// Undo/redo for the editor: a past/present/future stack of immutable values. Edits that share a
// `coalesce` key with the previous edit (typing in one field, dragging one node) merge into one
// step, so Ctrl+Z undoes a whole word or a whole drag, not one keystroke or one pixel.

export interface History<T> {
  past: T[];
  present: T;
  future: T[];
  /** Key of the last edit, for coalescing; cleared by undo/redo/reset so the next edit is a new step. */
  lastKey: string | null;
}

export type HistoryAction<T> =
  | { type: "edit"; value: T | ((present: T) => T); coalesce?: string }
  | { type: "undo" }
  | { type: "redo" }
  | { type: "reset"; value: T };

const LIMIT = 200;

export function initHistory<T>(value: T): History<T> {
  return { past: [], present: value, future: [], lastKey: null };
}

export function historyReducer<T>(state: History<T>, action: HistoryAction<T>): History<T> {
  switch (action.type) {
    case "edit": {
      const next = typeof action.value === "function" ? (action.value as (p: T) => T)(state.present) : action.value;
      if (Object.is(next, state.present)) return state;
      const merge = action.coalesce !== undefined && action.coalesce === state.lastKey;
      return {
        past: merge ? state.past : [...state.past, state.present].slice(-LIMIT),
        present: next,
        future: [],
        lastKey: action.coalesce ?? null,
      };
    }
    case "undo": {
      if (state.past.length === 0) return state;
      return {
        past: state.past.slice(0, -1),
        present: state.past[state.past.length - 1]!,
        future: [state.present, ...state.future],
        lastKey: null,
      };
    }
    case "redo": {
      if (state.future.length === 0) return state;
      return { past: [...state.past, state.present], present: state.future[0]!, future: state.future.slice(1), lastKey: null };
    }
    case "reset":
      return initHistory(action.value);
  }
}
