/**
 * Checking a form sheet: after every change (debounced) one read-only sync and the shared engine
 * for the pane's list. The sheet's own marks are the workbook's conditional formats, so a check
 * writes nothing and Excel's undo keeps working; only explicit actions write (自动计算合计 the
 * totals, a paint the remarks' marks that differ — remarks.ts).
 */
import { debounce } from "../common/debounce";
import { markModeOf } from "../host/types";
import { checkInputs, paneIssues, sameInputs } from "./check";
import type { PassOptions, PassResult, SessionCore } from "./core";
import { valuesFromGrid } from "./form-values";
import { planWrite, remarkProbes } from "./remarks";

/** A check: 1 read-only sync, and 1 more when an explicit action changes something. */
export function check(s: SessionCore, opts: PassOptions = {}): Promise<PassResult> {
  return s.queue(async () => {
    const host = s.deps.host;
    const paint = opts.paint === true;
    const mode = markModeOf(host.capabilities());
    const probes = paint ? remarkProbes(s, mode) : { noteProbes: [], commentProbes: [] };
    const read = await host.readPass({ sheet: s.sheetId, range: s.layout.range, ...probes });
    const raw = valuesFromGrid(s.layout, read.values);
    // A change event that changed no input (a value typed again, or the add-in's own total
    // reported as a change below ExcelApi 1.14) needs no new check.
    const last = s.lastRaw;
    if (opts.ifChanged && last && s.lastResult && sameInputs(raw, last)) {
      return { result: s.lastResult, issues: s.issues };
    }
    const { result, after, writes } = checkInputs(
      s.form,
      s.layout,
      raw,
      s.previous,
      opts.fillTotals === true,
    );
    const issues = paneIssues(s.form, result, s.serverIssues, s.previous);
    s.lastResult = result;
    s.lastRaw = after;
    const write = writes.length || paint ? planWrite(s, read, writes, paint, mode) : null;
    if (write) {
      const written = await host.writePass(write);
      if (write.state) s.painted();
      if (Object.keys(written.commentIds).length) {
        // New comment ids are known after the write; saved with the next state write.
        s.state.marks.comments = { ...s.state.marks.comments, ...written.commentIds };
      }
    }
    s.issues = issues;
    s.settleStatus();
    s.emit();
    return { result, issues };
  });
}

/**
 * Check on every change of the sheet (debounced). The add-in's own writes and co-authors' edits
 * are ignored; a change that leaves every input as it was makes no write. The result stops it.
 */
export async function watchChanges(
  s: SessionCore,
  onError: (e: unknown) => void,
): Promise<() => Promise<void>> {
  let stopped = false;
  const run = debounce(
    () => {
      if (stopped) return;
      check(s, { ifChanged: true }).catch(onError);
    },
    s.deps.debounceMs ?? 300,
    s.deps.timer,
  );
  const unwatch = await s.deps.host.onChanged(s.sheetId, (e) => {
    if (!e.own && !e.remote) run();
  });
  return () => {
    stopped = true;
    return unwatch();
  };
}
