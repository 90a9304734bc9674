/** A plain JavaScript handler, as the default export. */
export default async function handler(event) {
  return { greeting: `Hello, ${event.arguments.name}` };
}
