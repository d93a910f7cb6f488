/** Types of the dashboard's browser module dom.js, for the tests that import it. */
export function yaml(value: unknown, indent?: string): string;
