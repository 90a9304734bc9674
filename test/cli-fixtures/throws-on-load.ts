/** A module that fails at import, as one does when its configuration is missing. */
export const handler = (): null => null;

throw new Error('TABLE_NAME is not set');
