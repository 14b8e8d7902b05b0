// drizzle-kit: `npm run db:generate` writes SQL migrations into drizzle/ from server/db/schema.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './server/db/schema/index.ts',
  out: './drizzle',
});
