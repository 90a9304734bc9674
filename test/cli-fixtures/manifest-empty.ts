import { createResolver } from 'appsync-direct';

/** An app without routes. */
export const app = createResolver();
export const handler = app.handler();
