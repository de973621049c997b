/** The figures the demo types into its gov-2021 2024 sheet (a few rules broken). */
export const TYPED = {
  "proactive.rules.issued": 2,
  "proactive.rules.repealed": 1,
  "proactive.rules.in_force": 13,
  "requests.new.natural": 20,
  "requests.carried_in.natural": 2,
  "requests.granted.natural": 12,
  "requests.partial.natural": 3,
  "requests.denied_state_secret.natural": 1,
  "requests.handled_total.natural": 21,
  "requests.carried_out.natural": 1,
  "requests.new.total": 20,
  "requests.carried_in.total": 2,
  "requests.granted.total": 12,
  "requests.partial.total": 3,
  "requests.denied_state_secret.total": 1,
  "requests.handled_total.total": 21,
  "requests.carried_out.total": 1,
};

/** A clean report of the same sheet (the `?scenario=review` demo): only warnings left. */
export const REVIEWED: Record<string, number> = {
  ...TYPED,
  "requests.handled_total.natural": 16,
  "requests.handled_total.total": 16,
};
