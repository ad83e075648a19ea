// Placeholder so that the CDK stack can bundle an entry point; the API engineer replaces it with the real
// app built by createApp().
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';

const app = new Hono();

app.get('/health', (c) => c.json({ status: 'ok' }));

export const handler = handle(app);
