import { getForm } from "../../shared/forms/catalogue";
import type { Form } from "../../shared/forms/model";
import type { Connection, ConnectionStore, FetchLike } from "../src/common/api-client";
import type { Timer } from "../src/common/debounce";
import { OfficeExcelHost } from "../src/host/excel-host";
import { StrictExcel, type StrictExcelOptions } from "../testing/strict-excel";
import { PaneController, type PaneDeps } from "../src/pane/controller";
import type { SessionDeps } from "../src/session/session";

export function form(id: "gov-2012" | "gov-2019" | "gov-2021"): Form {
  const f = getForm(id);
  if (!f) throw new Error(id);
  return f;
}

/** A timer the test fires by hand: no waiting. */
export function manualTimer(): Timer & { fire(): void; pending(): number } {
  let next = 1;
  const jobs = new Map<number, () => void>();
  return {
    set(fn) {
      const h = next++;
      jobs.set(h, fn);
      return h;
    },
    clear(h) {
      jobs.delete(h as number);
    },
    fire() {
      const all = [...jobs.values()];
      jobs.clear();
      for (const fn of all) fn();
    },
    pending: () => jobs.size,
  };
}

export function setup(opts: StrictExcelOptions = {}) {
  const excel = new StrictExcel(opts);
  const host = new OfficeExcelHost(excel);
  const timer = manualTimer();
  let n = 0;
  const deps: SessionDeps = {
    host,
    lang: "zh",
    uuid: () => `uuid-${++n}`,
    now: () => new Date("2025-01-15T08:00:00Z"),
    timer,
  };
  return { excel, host, timer, deps };
}

export const resolver = async (id: string) => getForm(id) ?? null;

/** Count the syncs an action makes. */
export async function syncsOf(excel: StrictExcel, action: () => Promise<unknown>): Promise<number> {
  const before = excel.syncCount;
  await action();
  return excel.syncCount - before;
}

export function memoryStore(): ConnectionStore {
  let v: Connection | null = null;
  return { load: () => v, save: (c) => void (v = c), clear: () => void (v = null) };
}

/** What a pane needs, on a stand-in set up by `setup` and a fake server. */
export function paneDeps(
  env: ReturnType<typeof setup>,
  fetcher: FetchLike,
  store: ConnectionStore = memoryStore(),
): PaneDeps {
  return {
    host: env.host,
    store,
    fetcher,
    lang: "zh",
    uuid: env.deps.uuid,
    now: () => new Date("2019-01-15T00:00:00Z"),
    timer: env.timer,
    defaultServer: "https://localhost:8787",
  };
}

/** A pane on the strict stand-in (of a given ExcelApi set) talking to a fake server. */
export function paneOn(fetcher: FetchLike, opts: StrictExcelOptions = {}) {
  const env = setup(opts);
  return { ...env, c: new PaneController(paneDeps(env, fetcher)) };
}
