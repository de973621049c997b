/**
 * Whether the tests can drive LibreOffice Calc (headless `soffice`, and Python UNO through
 * Debian's /usr/bin/python3: the python3 on PATH may lack it). Under CI=true a missing part fails
 * the run (`.ci/run` installs them); elsewhere the tests are skipped and the run says why.
 */
import { spawnSync } from "node:child_process";

/** The python with `uno` (python3-uno). */
export const UNO_PYTHON = "/usr/bin/python3";

export const IS_CI = process.env.CI === "true" || process.env.CI === "1";

/** What is missing to run Calc headless through UNO, or null. */
export function libreOfficeMissing(): string | null {
  if (spawnSync("soffice", ["--version"], { stdio: "ignore" }).status !== 0)
    return "soffice is missing (apt-get install libreoffice-calc-nogui)";
  if (spawnSync(UNO_PYTHON, ["-c", "import uno"], { stdio: "ignore" }).status !== 0)
    return "python3-uno is missing (apt-get install python3-uno)";
  return null;
}

export interface LibreOfficeGate {
  /** Skip the tests: LibreOffice is missing and this is not CI. */
  skip: boolean;
  /** Call first thing in the tests' `beforeAll`: under CI a missing LibreOffice fails them. */
  require(): void;
}

/** Check once per test file; `what` names the skipped tests in the warning. */
export function libreOfficeGate(what: string): LibreOfficeGate {
  const missing = libreOfficeMissing();
  if (missing && !IS_CI) console.warn(`\n${what} skipped: ${missing}\n`);
  return {
    skip: missing !== null && !IS_CI,
    require() {
      if (missing) throw new Error(`CI=true and LibreOffice is missing: ${missing}`);
    },
  };
}
