/** The JSON text of src/action-flags.generated.json, generated from the action.yml files. */
export function generateFlags(): string;
