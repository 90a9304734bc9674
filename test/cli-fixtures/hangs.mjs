/** A handler whose promise never settles and keeps nothing running. */
export const handler = () => new Promise(() => {});
